import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bucketSeconds, MAX_BUCKETS, parseFilters, whereClause } from '../../src/dashboard/filters.ts';
import { fillSeries } from '../../src/dashboard/queries.ts';

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

test('sentiment and topic match case-insensitively: they are normalised to the stored lower case', () => {
  const f = parseFilters(new URLSearchParams('sentiment=POSITIVE&topic=VACCINES'));
  assert.equal(f.sentiment, 'positive');
  assert.equal(f.topic, 'vaccines');
  assert.equal(parseFilters(new URLSearchParams('sentiment=%20Neutral%20')).sentiment, 'neutral');
  assert.equal(parseFilters(new URLSearchParams('topic=Mental_Health')).topic, 'mental_health');
});

test('a sentiment that is not one of the three, or a topic that is no topic id, is INVALID_INPUT', () => {
  assert.throws(() => parseFilters(new URLSearchParams('sentiment=happy')), {
    code: 'INVALID_INPUT',
    message: /sentiment.*positive, neutral or negative|sentiment.*negative/,
  });
  assert.throws(() => parseFilters(new URLSearchParams('topic=vaccines%27%20OR%201')), { code: 'INVALID_INPUT', message: /topic/ });
  assert.throws(() => parseFilters(new URLSearchParams('topic=..%2F..%2Fetc')), { code: 'INVALID_INPUT', message: /topic/ });
});

test('the time series never has more than MAX_BUCKETS buckets, whatever the span', () => {
  const span = (Date.parse('9999-12-31T00:00:00Z') - Date.parse('0001-01-01T00:00:00Z')) / 1000;
  for (const minimum of [60, 300, 3600, 86_400]) {
    const bucket = bucketSeconds('all', span, minimum);
    assert.ok(span / bucket + 1 <= MAX_BUCKETS, `${span / bucket} buckets of ${bucket} s`);
    assert.equal(bucket % minimum, 0, 'still a multiple of the rollup cell');
  }
  const first = new Date('2020-01-01T00:00:00Z');
  const series = fillSeries([{ bucket: 2_000_000_000, sentiment: 'positive', count: 1 }], 60, first, {
    from: null,
    to: new Date('2020-01-01T01:00:00Z'),
  });
  assert.ok(series.buckets.length <= MAX_BUCKETS, `${series.buckets.length} buckets`);
});

test('generated hostile query strings: a Filters value or INVALID_INPUT, never anything else', async () => {
  const { seeded, randomText } = await import('../helpers/hostile.ts');
  const rng = seeded(42);
  const keys = ['range', 'time', 'topic', 'sentiment', 'q', 'limit', 'token', 'x', '__proto__', 'constructor'];
  const values = () =>
    [randomText(rng, 3), 'POSITIVE', 'Vaccines', '24h', 'all', '-1', '1e400', '%', '\uFFFD', '\ud800', 'a'.repeat(300), ''][
      Math.floor(rng() * 12)
    ]!;
  for (let i = 0; i < 2000; i++) {
    const params = new URLSearchParams();
    for (let n = Math.floor(rng() * 4); n > 0; n--) params.append(keys[Math.floor(rng() * keys.length)]!, values());
    try {
      const f = parseFilters(params);
      if (f.sentiment !== undefined) assert.ok(['negative', 'neutral', 'positive'].includes(f.sentiment), params.toString());
      if (f.topic !== undefined) assert.match(f.topic, /^[a-z0-9][a-z0-9_-]*$/, params.toString());
    } catch (error) {
      assert.equal((error as { code?: string }).code, 'INVALID_INPUT', `${params.toString()}: ${String(error)}`);
    }
  }
});
