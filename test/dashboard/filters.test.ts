import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketSeconds, parseFilters, whereClause } from '../../src/dashboard/filters.ts';

test('defaults: all time on the classified axis, 50 posts', () => {
  const f = parseFilters(new URLSearchParams());
  assert.deepEqual([f.range, f.time, f.limit, f.topic, f.sentiment, f.q], ['all', 'classified', 50, undefined, undefined, undefined]);
});

test('blank filters count as absent and the token parameter is accepted and dropped', () => {
  const f = parseFilters(new URLSearchParams('topic=&sentiment=%20&q=&token=abc&range=1h'));
  assert.equal(f.topic, undefined);
  assert.equal(f.sentiment, undefined);
  assert.equal(f.q, undefined);
  assert.equal(f.range, '1h');
  assert.equal('token' in f, false);
});

test('bad values and unknown parameters are INVALID_INPUT', () => {
  assert.throws(() => parseFilters(new URLSearchParams('range=2d')), { code: 'INVALID_INPUT', message: /range/ });
  assert.throws(() => parseFilters(new URLSearchParams('limit=5000')), { code: 'INVALID_INPUT', message: /limit/ });
  assert.throws(() => parseFilters(new URLSearchParams('colour=red')), { code: 'INVALID_INPUT' });
  assert.throws(() => parseFilters(new URLSearchParams(`q=${'x'.repeat(201)}`)), { code: 'INVALID_INPUT', message: /q/ });
});

test('a search with no letter or digit is no filter', () => {
  assert.equal(parseFilters(new URLSearchParams('q=%25%20-%20!')).q, undefined);
  assert.equal(parseFilters(new URLSearchParams('q=%2350%25')).q, '#50%');
});

test('the WHERE clause binds every value and names only fixed columns', () => {
  const from = new Date('2026-01-01T00:00:00Z');
  const f = parseFilters(new URLSearchParams("time=created&topic=masks&sentiment=negative&q=a' OR 1=1 --"));
  const where = whereClause(f, from);
  assert.equal(where.sql, 'WHERE created_at >= ? AND topic = ? AND sentiment = ? AND text REGEXP ? AND text REGEXP ? AND text REGEXP ?');
  assert.deepEqual(where.params, [from, 'masks', 'negative', '(?<![\\p{L}\\p{N}])or', '(?<![\\p{L}\\p{N}])1', '(?<![\\p{L}\\p{N}])a']);
  assert.deepEqual(whereClause(parseFilters(new URLSearchParams()), null), { sql: '', params: [] });
});

test('time-series buckets adapt to the range', () => {
  assert.equal(bucketSeconds('15m', 900), 60);
  assert.equal(bucketSeconds('1h', 3600), 60);
  assert.equal(bucketSeconds('24h', 86_400), 900);
  assert.equal(bucketSeconds('all', 30 * 60), 60);
  assert.equal(bucketSeconds('all', 7 * 86_400), 3 * 3600);
  assert.equal(bucketSeconds('all', 3 * 365 * 86_400), 28 * 86_400);
  assert.equal(bucketSeconds('all', 30 * 60, 3600), 3600);
  assert.equal(bucketSeconds('24h', 86_400, 300), 900);
  assert.equal(bucketSeconds('all', 3 * 365 * 86_400, 86_400), 28 * 86_400);
});
