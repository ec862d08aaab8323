import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { singleLabelMetrics } from '../../../src/nlp/common/metrics.ts';
import { SENTIMENT_LABELS } from '../../../src/nlp/common/sentiment.ts';
import { argmax } from '../../../src/nlp/common/vectors.ts';
import { crossValidate, heldOutMetrics, stratifiedFolds } from '../../../src/nlp/train/cross-validate.ts';
import { predictProba, trainSoftmaxRegression } from '../../../src/nlp/train/softmax-regression.ts';
import { clusters } from '../../helpers/toy-data.ts';

describe('softmax regression', () => {
  it('separates separable classes, with probabilities that sum to 1', () => {
    const { x, y } = clusters([40, 40, 40], 0.4);
    const model = trainSoftmaxRegression(x, y, { classes: 3, l2: 0.01 });
    const correct = x.filter((row, i) => argmax(predictProba(model, row)) === y[i]).length;
    assert.equal(correct, x.length);
    const p = predictProba(model, x[0]);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
  });

  it('keeps a minority class recalled thanks to balanced weights', () => {
    const { x, y } = clusters([10, 150, 150], 0.9);
    const cv = crossValidate(x, y, 5, 0.01);
    assert.ok(cv.recall.negative > 0.6, `minority recall ${cv.recall.negative}`);
    assert.ok(cv.macroRecall > 0.7 && cv.macroRecall <= 1);
    assert.ok(cv.posNegForcedChoiceAccuracy > 0.8);
  });

  it('stratifies folds: every fold gets its share of each class', () => {
    const y = [...new Array(10).fill(0), ...new Array(25).fill(1)];
    const folds = stratifiedFolds(y, 5);
    for (let f = 0; f < 5; f++) {
      assert.equal(y.filter((c, i) => c === 0 && folds[i] === f).length, 2);
      assert.equal(y.filter((c, i) => c === 1 && folds[i] === f).length, 5);
    }
    assert.deepEqual(stratifiedFolds(y, 5), folds, 'deterministic');
  });
});

describe('training metrics', () => {
  it('give the same accuracy and macro-recall as the eval metrics, and the forced choice on pos/neg rows', () => {
    const y = [0, 0, 1, 1, 1, 2, 2, 2];
    const guess = [0, 1, 1, 1, 0, 2, 0, 2];
    const x = y.map((_, i) => Float32Array.of(i));
    // p(neg) vs p(pos) decides the forced choice: row 1 (gold negative, guessed neutral) counts as right, row 6 (gold positive) as wrong.
    const proba = (c: number, i: number) => [c === 0 ? 0.5 : 0.2, c === 1 ? 0.6 : 0.1, i === 6 ? 0.45 : c === 2 ? 0.7 : 0.1];
    const m = heldOutMetrics(x, y, (row) => proba(guess[row[0]], row[0]));
    const names = (v: readonly number[]) => v.map((c) => SENTIMENT_LABELS[c]);
    const reference = singleLabelMetrics(names(y), names(guess), SENTIMENT_LABELS);
    assert.equal(m.accuracy, reference.accuracy);
    assert.equal(m.macroRecall, reference.macro_recall);
    assert.equal(m.macroRecall, (0.5 + 2 / 3 + 2 / 3) / 3);
    assert.deepEqual(m.recall, { negative: 0.5, neutral: 2 / 3, positive: 2 / 3 });
    assert.equal(m.posNegForcedChoiceAccuracy, 4 / 5);
  });
});
