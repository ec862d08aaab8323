import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillSeries } from '../../src/dashboard/queries.ts';

test('fillSeries lays counts on a continuous axis with zeros in the gaps', () => {
  const minute = 60;
  const first = new Date('2026-01-01T10:00:30Z');
  const to = new Date('2026-01-01T10:04:10Z');
  const base = Date.parse('2026-01-01T10:00:00Z') / 1000 / minute;
  const series = fillSeries(
    [
      { bucket: base, sentiment: 'positive', count: 2 },
      { bucket: base + 3, sentiment: 'positive', count: 1 },
      { bucket: base + 4, sentiment: 'negative', count: 5 },
    ],
    minute,
    first,
    { from: first, to },
  );
  assert.equal(series.bucketSeconds, 60);
  assert.deepEqual(
    series.buckets,
    ['10:00', '10:01', '10:02', '10:03', '10:04'].map((t) => `2026-01-01T${t}:00.000Z`),
  );
  assert.deepEqual(series.series, { positive: [2, 0, 0, 1, 0], negative: [0, 0, 0, 0, 5] });
  assert.equal(series.from, first.toISOString());
});

test('fillSeries with no rows still returns one bucket', () => {
  const at = new Date('2026-01-01T10:00:00Z');
  const series = fillSeries([], 60, at, { from: null, to: at });
  assert.equal(series.buckets.length, 1);
  assert.deepEqual(series.series, {});
  assert.equal(series.from, null);
});
