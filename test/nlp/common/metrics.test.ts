import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ErrorCode, isAppError } from '../../../src/errors/app-error.ts';
import { labelOrder, multiLabelMetrics, singleLabelMetrics } from '../../../src/nlp/common/metrics.ts';

const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

describe('singleLabelMetrics', () => {
  // gold/predicted worked by hand: confusion [gold][pred] over negative, neutral, positive
  const gold = ['positive', 'positive', 'positive', 'negative', 'negative', 'neutral'];
  const predicted = ['positive', 'positive', 'negative', 'negative', 'neutral', 'neutral'];
  const m = singleLabelMetrics(gold, predicted, ['negative', 'neutral', 'positive']);

  it('counts the confusion matrix by gold row and predicted column', () => {
    assert.deepEqual(m.confusion, {
      labels: ['negative', 'neutral', 'positive'],
      matrix: [
        [1, 1, 0],
        [0, 1, 0],
        [1, 0, 2],
      ],
    });
  });

  it('gives accuracy, per-class precision/recall/F1 and macro averages', () => {
    assert.equal(m.n, 6);
    close(m.accuracy, 4 / 6);
    assert.deepEqual(m.per_class.negative, { precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    close(m.per_class.neutral.f1, 2 / 3);
    close(m.per_class.positive.recall, 2 / 3);
    close(m.per_class.positive.f1, 0.8);
    close(m.macro_recall, (0.5 + 1 + 2 / 3) / 3);
    close(m.macro_f1, (0.5 + 2 / 3 + 0.8) / 3);
  });

  it('averages over gold classes only; a predicted-only class counts as false positives', () => {
    const r = singleLabelMetrics(['a', 'a', 'b'], ['a', 'c', 'b'], ['a', 'b', 'c']);
    assert.deepEqual(r.per_class.c, { precision: 0, recall: 0, f1: 0, support: 0 });
    close(r.macro_recall, (0.5 + 1) / 2);
  });

  it('rejects mismatched lengths', () => {
    assert.throws(
      () => singleLabelMetrics(['a'], []),
      (e) => isAppError(e) && e.code === ErrorCode.INTERNAL && /1 gold labels but 0 predictions/.test(e.message),
    );
  });
});

describe('multiLabelMetrics', () => {
  const gold = [['a'], ['a', 'b'], ['c'], ['b', 'c']];
  const sets = [['a'], ['b', 'a'], ['a', 'c'], ['b']];
  const top1 = ['a', 'b', 'a', 'b'];
  const m = multiLabelMetrics(gold, sets, top1, ['a', 'b', 'c']);

  it('counts top-1 right when it is among the gold labels', () => {
    close(m.top1_accuracy, 0.75);
    assert.equal(m.accuracy, m.top1_accuracy);
  });

  it('gives micro and macro F1 of the predicted sets', () => {
    close(m.micro_f1, 5 / 6); // tp 5, fp 1, fn 1
    close(m.per_class.a.precision, 2 / 3);
    close(m.per_class.c.recall, 0.5);
    close(m.macro_f1, (0.8 + 1 + 2 / 3) / 3);
    close(m.macro_recall, (1 + 1 + 0.5) / 3);
  });
});

describe('labelOrder', () => {
  it('keeps the known order and appends unknown labels sorted', () => {
    assert.deepEqual(labelOrder(['b', 'a'], ['z', 'a'], ['y']), ['b', 'a', 'y', 'z']);
  });
});
