import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellKey, pickCellSeconds, splitKey } from '../../src/dashboard/rollup.ts';
import { rollupApplies } from '../../src/dashboard/rollup-queries.ts';
import { parseFilters } from '../../src/dashboard/filters.ts';

test('rollup cells are 5 min for a week of data, 1 h for months, 1 day for years', () => {
  assert.equal(pickCellSeconds(7 * 86_400), 300);
  assert.equal(pickCellSeconds(90 * 86_400), 3600);
  assert.equal(pickCellSeconds(3 * 365 * 86_400), 86_400);
  assert.equal(pickCellSeconds(0), 300);
});

test('cell keys round-trip topic and sentiment', () => {
  assert.deepEqual(splitKey(cellKey('mental_health', 'negative')), ['mental_health', 'negative']);
});

test('only wide ranges without text search use the rollup', () => {
  const applies = (q: string) => rollupApplies(parseFilters(new URLSearchParams(q)));
  assert.equal(applies('range=all'), true);
  assert.equal(applies('range=24h&topic=masks&time=created'), true);
  assert.equal(applies('range=1h'), false);
  assert.equal(applies('range=15m'), false);
  assert.equal(applies('range=all&q=booster'), false);
});
