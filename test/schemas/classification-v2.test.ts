import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { toClassificationRecord } from '../../src/classify/to-record.ts';
import { Contract, loadAvroType } from '../../src/contracts/avro.ts';
import { CLASSIFICATION_SCHEMA_VERSION, primaryLanguage } from '../../src/contracts/classification-record.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import { historyOf } from '../../src/schemas/history.ts';
import { toRow } from '../../src/sink/rows.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

/** The classification contract's evolution, as the sink sees it: v1 bytes read with the v2 schema. */
const v1Type = avro.Type.forSchema(JSON.parse(historyOf('classification')[0]!.schema) as avro.Schema);
const v2Type = loadAvroType(Contract.classification);

const tweet: PostRecord = {
  id: '42',
  text: 'vaccines are here',
  created_at: Date.UTC(2021, 0, 1),
  author: { id: 'u1', handle: 'ann' },
  lang: 'en-GB',
  source: 'file',
  hashtags: [],
  metrics: null,
  ingested_at: Date.UTC(2021, 0, 1, 0, 0, 1),
  ...postV2Defaults,
  langs: [],
};
const prediction = {
  sentiment: { label: 'positive' as const, score: 0.9 },
  topic: {
    label: 'vaccines',
    score: 0.8,
    top: [
      { topic: 'vaccines', score: 0.8 },
      { topic: 'health', score: 0.1 },
    ],
  },
};
const info = { encoder: 'minilm', encoderVersion: '1', sentimentModel: 'head', topicModel: 'proto' };
const record = toClassificationRecord(tweet, prediction, info, { classifiedAt: Date.UTC(2021, 0, 1, 0, 0, 2), modelMsPerPost: 3 });

test('the classifier writes valid v2 records with the v2 fields filled', () => {
  assert.ok(v2Type.isValid(record), 'valid for schemas/classification.avsc');
  assert.equal(record.schema_version, CLASSIFICATION_SCHEMA_VERSION);
  assert.equal(record.language, 'en');
  assert.deepEqual(record.topic_scores, { vaccines: 0.8, health: 0.1 });
});

test('a v1 record read with the v2 schema gets the defaults, and maps to a row', () => {
  const { schema_version: _s, language: _l, topic_scores: _t, ...v1Record } = record;
  const bytes = v1Type.toBuffer(v1Record);
  const read = v2Type.fromBuffer(bytes, v2Type.createResolver(v1Type));
  assert.equal(read.schema_version, 1);
  assert.equal(read.language, 'und');
  assert.deepEqual(read.topic_scores, {});
  assert.equal(read.tweet_id, '42');
  const row = toRow(read, 0, '7');
  assert.deepEqual([row.schema_version, row.language, row.topic_scores_json], [1, 'und', '{}']);
});

test('a v2 record read with the v1 schema drops the new fields (old consumers keep working)', () => {
  const read = v1Type.fromBuffer(v2Type.toBuffer(record), v1Type.createResolver(v2Type));
  assert.equal(read.tweet_id, '42');
  assert.equal('topic_scores' in read, false);
});

test('language is the lower-case primary subtag, und when unknown', () => {
  assert.equal(primaryLanguage('en-GB'), 'en');
  assert.equal(primaryLanguage('PT_br'), 'pt');
  assert.equal(primaryLanguage('fil'), 'fil');
  assert.equal(primaryLanguage(null), 'und');
  assert.equal(primaryLanguage(''), 'und');
  assert.equal(primaryLanguage('qme'), 'und', "X's private-use code for media-only posts");
  assert.equal(primaryLanguage('english'), 'und');
});
