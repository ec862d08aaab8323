import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dedupeByTweetId, recordProblem, toRow } from '../../src/sink/rows.ts';
import { classificationRecord as record } from '../helpers/record-defaults.ts';

test('toRow maps a classification onto the table columns', () => {
  const row = toRow(record('1'), 3, '42');
  assert.equal(row.tweet_id, '1');
  assert.equal(row.created_at.toISOString(), '2020-03-01T00:00:00.000Z');
  assert.equal(row.topic, 'vaccines');
  assert.deepEqual(JSON.parse(row.topics_json), [
    { topic: 'vaccines', score: 0.7 },
    { topic: 'masks', score: 0.2 },
  ]);
  assert.equal(row.kafka_partition, 3);
  assert.equal(row.kafka_offset, '42');
});

test('dedupeByTweetId keeps the last classification of a post', () => {
  const rows = dedupeByTweetId([
    toRow(record('1', 'negative'), 0, '1'),
    toRow(record('2'), 0, '2'),
    toRow(record('1', 'positive'), 0, '3'),
  ]);
  assert.equal(rows.length, 2);
  assert.equal(rows.find((r) => r.tweet_id === '1')!.sentiment, 'positive');
});

test('a record whose created_at is implausible is refused before it can become a row', () => {
  assert.equal(recordProblem(record('ok')), null);
  assert.match(
    recordProblem({ ...record('old'), created_at: Date.parse('0001-01-01T00:00:00Z') }) ?? '',
    /before any supported platform existed/,
  );
  assert.match(recordProblem({ ...record('late'), created_at: Date.parse('9999-12-31T00:00:00Z') }) ?? '', /in the future/);
  assert.match(recordProblem({ ...record('nan'), created_at: Number.NaN }) ?? '', /not a timestamp/);
});
