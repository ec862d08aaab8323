import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toClassificationRecord } from '../../src/classify/to-record.ts';
import { MAX_RESULT_TEXT } from '../../src/contracts/classification-record.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

const tweet = (text: string): PostRecord => ({
  ...postV2Defaults,
  id: '1',
  text,
  created_at: Date.UTC(2021, 0, 1),
  author: { id: 'a', handle: 'h' },
  lang: 'en',
  source: 'file',
  hashtags: [],
  metrics: null,
  ingested_at: 0,
});
const prediction = { sentiment: { label: 'positive' as const, score: 0.9 }, topic: { label: 'other', score: 0.1, top: [] } };
const info = { encoder: 'e', encoderVersion: '1', sentimentModel: 's', topicModel: 't' };
const resultText = (text: string) => toClassificationRecord(tweet(text), prediction, info, { classifiedAt: 0, modelMsPerPost: 1 }).text;

test('a text of 5,000 emoji is cut between emoji, never into U+FFFD', () => {
  const text = resultText('\u{1F637}'.repeat(5000));
  assert.ok(text.length <= MAX_RESULT_TEXT);
  assert.ok(text.endsWith('\u{1F637}…'));
  assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text), 'no lone surrogate');
  assert.equal(Buffer.from(text, 'utf8').toString('utf8'), text, 'what MySQL stores reads back the same');
});

test('a short text is kept as it is; a long ASCII text is cut to the limit with an ellipsis', () => {
  assert.equal(resultText('fine'), 'fine');
  const cut = resultText('x'.repeat(5000));
  assert.equal(cut.length, MAX_RESULT_TEXT);
  assert.ok(cut.endsWith('x…'));
});
