import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyWindow } from '../../src/classify/classify-batch.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import { AppError, ErrorCode } from '../../src/errors/app-error.ts';
import type { Prediction, TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

const tweet = (id: string, text: string): PostRecord => ({
  id,
  text,
  created_at: 1,
  author: { id: 'a', handle: 'h' },
  lang: 'en',
  source: 'test',
  hashtags: [],
  metrics: null,
  ingested_at: 1,
  ...postV2Defaults,
});
/** The prediction carries its text's length as the score, so a test can tell which post an answer was for. */
const predict = (text: string): Prediction => ({
  sentiment: { label: 'neutral', score: text.length },
  topic: { label: 't', score: 0, top: [{ topic: 't', score: 0 }] },
});

function fakeClassifier(
  options: { tokens?: boolean; poison?: string; transient?: boolean; parallelism?: number } = {},
): TextClassifier & { calls: string[][]; mostInFlight: () => number } {
  const calls: string[][] = [];
  let inFlight = 0;
  let most = 0;
  return {
    calls,
    mostInFlight: () => most,
    info: { encoder: 'e', encoderVersion: '1', sentimentModel: 's', topicModel: 't' },
    ...(options.parallelism && { parallelism: options.parallelism }),
    async classify(texts) {
      calls.push([...texts]);
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, texts.length)); // a longer call finishes later
      inFlight--;
      if (options.transient) throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'endpoint 503', { retriable: true });
      if (options.poison && texts.includes(options.poison)) throw new Error('tensor shape');
      return texts.map(predict);
    },
    ...(options.tokens && { tokenCounts: (texts: readonly string[]) => texts.map((t) => t.split(' ').length) }),
    close: async () => undefined,
  };
}

const texts = ['one', 'two words', 'a b c d e f g h', 'x', 'three word post', 'p q r s t u v w'];
const window = texts.map((t, i) => tweet(`id${i}`, t));

test('results come back in window order although the calls ran length-sorted', async () => {
  const classifier = fakeClassifier({ tokens: true });
  const out = await classifyWindow(window, classifier, { tokenBudget: 8, maxBatch: 10 });
  assert.deepEqual(
    out.results.map((r) => (r instanceof Error ? r : r.tweet_id)),
    window.map((t) => t.id),
  );
  assert.deepEqual(
    out.results.map((r) => (r instanceof Error ? -1 : r.sentiment.score)),
    texts.map((t) => t.length),
    'each answer belongs to its post',
  );
  assert.deepEqual(classifier.calls, [['one', 'x', 'two words'], ['three word post'], ['a b c d e f g h'], ['p q r s t u v w']]);
  assert.equal(out.calls, 4);
  assert.equal(out.paddedTokens, 3 * 2 + 3 + 8 + 8);
});

test('without a tokenizer the batching falls back to a length estimate, and still maps back', async () => {
  const classifier = fakeClassifier();
  const out = await classifyWindow(window, classifier, { tokenBudget: 1_000, maxBatch: 2 });
  assert.equal(classifier.calls.length, 3);
  assert.ok(classifier.calls.every((c) => c.length <= 2));
  assert.deepEqual(
    out.results.map((r) => (r instanceof Error ? '' : r.text)),
    texts,
  );
});

test('a call the model fails on is retried post by post: only the poison post gets an error', async () => {
  const classifier = fakeClassifier({ tokens: true, poison: 'two words' });
  const out = await classifyWindow(window, classifier, { tokenBudget: 100, maxBatch: 10 });
  const failed = out.results.flatMap((r, i) => (r instanceof Error ? [i] : []));
  assert.deepEqual(failed, [1]);
  assert.match((out.results[1] as Error).message, /tensor shape/);
  assert.equal(out.results.filter((r) => !(r instanceof Error)).length, texts.length - 1);
});

test('a transient failure is thrown for the caller to retry, never turned into dead letters', async () => {
  await assert.rejects(classifyWindow(window, fakeClassifier({ transient: true }), { tokenBudget: 100, maxBatch: 10 }), /503/);
});

test('calls in flight: one in process, two per worker when the classifier runs calls side by side; results still in window order', async () => {
  for (const [parallelism, expected] of [
    [1, 1],
    [2, 4],
    [3, 6],
  ]) {
    const classifier = fakeClassifier({ tokens: true, parallelism });
    const out = await classifyWindow(window, classifier, { tokenBudget: 1_000, maxBatch: 1 }); // 6 calls
    assert.equal(classifier.calls.length, texts.length, 'one call per post');
    assert.equal(classifier.mostInFlight(), expected, `parallelism ${parallelism}`);
    assert.deepEqual(
      out.results.map((r) => (r instanceof Error ? -1 : r.sentiment.score)),
      texts.map((t) => t.length),
      `parallelism ${parallelism}: each answer belongs to its post`,
    );
  }
});

test('with calls in flight side by side, a poison post still costs only itself and a transient failure still throws', async () => {
  const poisoned = await classifyWindow(window, fakeClassifier({ tokens: true, poison: 'x', parallelism: 2 }), {
    tokenBudget: 4,
    maxBatch: 2,
  });
  assert.deepEqual(
    poisoned.results.flatMap((r, i) => (r instanceof Error ? [i] : [])),
    [3],
  );
  const transient = fakeClassifier({ transient: true, parallelism: 2 });
  await assert.rejects(classifyWindow(window, transient, { tokenBudget: 1_000, maxBatch: 1 }), /503/);
  assert.ok(transient.calls.length <= 4, `no call starts after the failure (${transient.calls.length} made of 6)`);
});

test('an empty window makes no model call', async () => {
  const classifier = fakeClassifier();
  assert.deepEqual((await classifyWindow([], classifier, { tokenBudget: 10, maxBatch: 1 })).results, []);
  assert.equal(classifier.calls.length, 0);
});
