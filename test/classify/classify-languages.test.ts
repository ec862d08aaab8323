import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyBatch, isCovered } from '../../src/classify/classify-batch.ts';
import { UNCLASSIFIED } from '../../src/contracts/classification-record.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import type { TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

const tweet = (id: string, langs: string[], lang: string | null = langs[0] ?? null): PostRecord => ({
  id,
  text: `post ${id}`,
  created_at: 0,
  author: { id: 'a', handle: 'a' },
  lang,
  source: 'bluesky',
  hashtags: [],
  metrics: null,
  ingested_at: 0,
  ...postV2Defaults,
  langs,
});

test('posts in a language the models do not cover are not sent to the model and are marked, not labelled', async () => {
  const seen: string[] = [];
  const classifier: TextClassifier = {
    info: { encoder: 'e', encoderVersion: '1', sentimentModel: 's', topicModel: 't' },
    classify: async (texts) => {
      seen.push(...texts);
      return texts.map(() => ({
        sentiment: { label: 'positive', score: 0.9 },
        topic: { label: 'sports', score: 0.8, top: [{ topic: 'sports', score: 0.8 }] },
      }));
    },
    close: async () => undefined,
  } as TextClassifier;
  const { results } = await classifyBatch(
    [tweet('1', ['en-US']), tweet('2', ['ja']), tweet('3', []), tweet('4', ['pt', 'en'])],
    classifier,
    () => 5,
    ['en'],
  );
  assert.deepEqual(seen, ['post 1', 'post 3'], 'only English and unknown-language posts reach the model');
  assert.deepEqual(
    results.map((r) => [r.tweet_id, r.sentiment.label, r.topic.label, r.label_status, r.language]),
    [
      ['1', 'positive', 'sports', 'ok', 'en'],
      ['2', UNCLASSIFIED, UNCLASSIFIED, 'unsupported_language', 'ja'],
      ['3', 'positive', 'sports', 'ok', 'und'],
      ['4', UNCLASSIFIED, UNCLASSIFIED, 'unsupported_language', 'pt'],
    ],
  );
  assert.equal(results[1]!.sentiment.score, 0);
});

test('isCovered: null covers everything, und is classified', () => {
  assert.equal(isCovered('de', null), true);
  assert.equal(isCovered('und', ['en']), true);
  assert.equal(isCovered('de', ['en']), false);
});
