import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readLabeledData, TWEETEVAL_SENTIMENT_MAP } from '../../../src/nlp/common/labeled-data.ts';
import type { MultiLabelMetrics, SingleLabelMetrics } from '../../../src/nlp/common/metrics.ts';
import { SENTIMENT_LABELS } from '../../../src/nlp/common/sentiment.ts';
import { EvalTask, evaluate } from '../../../src/nlp/eval/evaluate.ts';
import type { Prediction, TextClassifier } from '../../../src/nlp/serve/classifier.ts';

const fixture = (name: string) => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const close = (actual: number, expected: number) => assert.ok(Math.abs(actual - expected) < 1e-9, `${actual} != ${expected}`);

function sentiment(negative: number, neutral: number, positive: number): Prediction {
  const scores = { negative, neutral, positive };
  const label = SENTIMENT_LABELS.reduce((a, b) => (scores[b] > scores[a] ? b : a));
  return { sentiment: { label, score: scores[label], scores }, topic: { label: 'x', score: 1, top: [{ topic: 'x', score: 1 }] } };
}

function topics(...top: [string, number][]): Prediction {
  const list = top.map(([topic, score]) => ({ topic, score }));
  return { sentiment: { label: 'neutral', score: 1 }, topic: { label: list[0].topic, score: list[0].score, top: list } };
}

/** A classifier that answers each known text with a fixed prediction. */
function fakeClassifier(answers: Record<string, Prediction>): TextClassifier & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    info: { encoder: 'fake', encoderVersion: '0', sentimentModel: 'fake', topicModel: 'fake' },
    async classify(texts) {
      calls.push(texts.length);
      return texts.map((t) => answers[t] ?? assert.fail(`unexpected text ${t}`));
    },
    close: async () => {},
  };
}

const sentimentAnswers = {
  'Best concert of my life, still buzzing': sentiment(0.1, 0.1, 0.8),
  'Thank you all for the birthday wishes': sentiment(0.1, 0.2, 0.7),
  'Not bad at all, the sequel surprised me': sentiment(0.5, 0.1, 0.4),
  'The train is late again, I give up': sentiment(0.8, 0.1, 0.1),
  'Ugh, Monday': sentiment(0.4, 0.45, 0.15),
  'The store opens at 9 tomorrow': sentiment(0.1, 0.8, 0.1),
};

describe('evaluate on eval-sentiment-small.tsv (known numbers)', () => {
  it('3-class: accuracy 4/6, macro-recall 0.722, macro-F1 0.656, batched', async () => {
    const data = await readLabeledData(fixture('eval-sentiment-small.tsv'), { map: TWEETEVAL_SENTIMENT_MAP });
    const classifier = fakeClassifier(sentimentAnswers);
    const r = (await evaluate(classifier, data, {
      task: EvalTask.SENTIMENT,
      batchSize: 4,
      threshold: 0.25,
      labels: SENTIMENT_LABELS,
    })) as SingleLabelMetrics & { mode: string; posts_per_s: number };
    assert.equal(r.mode, 'single-label');
    assert.equal(r.n, 6);
    close(r.accuracy, 4 / 6);
    close(r.macro_recall, (0.5 + 1 + 2 / 3) / 3);
    close(r.macro_f1, (0.5 + 2 / 3 + 0.8) / 3);
    assert.deepEqual(r.confusion.matrix, [
      [1, 1, 0],
      [0, 1, 0],
      [1, 0, 2],
    ]);
    assert.deepEqual(classifier.calls, [4, 2]);
    assert.ok(r.posts_per_s > 0);
  });

  it('--binary: forced positive-vs-negative choice on the 5 polar records', async () => {
    const data = await readLabeledData(fixture('eval-sentiment-small.tsv'), { map: TWEETEVAL_SENTIMENT_MAP });
    const r = (await evaluate(fakeClassifier(sentimentAnswers), data, {
      task: EvalTask.SENTIMENT,
      binary: true,
      batchSize: 32,
      threshold: 0.25,
      labels: SENTIMENT_LABELS,
    })) as SingleLabelMetrics & { mode: string };
    assert.equal(r.mode, 'binary');
    assert.equal(r.n, 5);
    close(r.accuracy, 0.8); // "Ugh, Monday" predicted neutral, but negative beats positive
    assert.deepEqual(r.confusion, {
      labels: ['negative', 'positive'],
      matrix: [
        [2, 0],
        [1, 2],
      ],
    });
    close(r.macro_recall, (1 + 2 / 3) / 2);
  });
});

describe('evaluate on eval-topics-multi.jsonl (known numbers)', () => {
  it('multi-label: top-1 accuracy 0.75, micro-F1 5/6 at threshold 0.25', async () => {
    const data = await readLabeledData(fixture('eval-topics-multi.jsonl'));
    assert.equal(data.multiLabel, true);
    const classifier = fakeClassifier({
      'Second dose done this morning': topics(['vaccines', 0.7], ['travel', 0.2], ['masks', 0.1]),
      'Proof of vaccination needed to board the ferry': topics(['travel', 0.5], ['vaccines', 0.3], ['masks', 0.2]),
      'Masks are still required in shops here': topics(['vaccines', 0.6], ['masks', 0.3], ['travel', 0.1]),
      'Flight attendants now hand out masks at the gate': topics(['travel', 0.9], ['masks', 0.05], ['vaccines', 0.05]),
    });
    const r = (await evaluate(classifier, data, {
      task: EvalTask.TOPIC,
      batchSize: 32,
      threshold: 0.25,
      labels: ['vaccines', 'travel', 'masks'],
    })) as MultiLabelMetrics & { mode: string };
    assert.equal(r.mode, 'multi-label');
    close(r.top1_accuracy, 0.75);
    close(r.micro_f1, 5 / 6);
    close(r.macro_f1, (0.8 + 1 + 2 / 3) / 3);
    assert.equal('confusion' in r, false);
  });
});
