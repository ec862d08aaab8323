import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseFilters } from '../../src/dashboard/filters.ts';
import { firstEntryAt, pickCellSeconds } from '../../src/dashboard/rollup.ts';
import { rollupApplies } from '../../src/dashboard/rollup-queries.ts';

test('rollup cells are 5 min for a week of data, 1 h for months, 1 day for years', () => {
  assert.equal(pickCellSeconds(7 * 86_400), 300);
  assert.equal(pickCellSeconds(90 * 86_400), 3600);
  assert.equal(pickCellSeconds(3 * 365 * 86_400), 86_400);
  assert.equal(pickCellSeconds(0), 300);
});

test('firstEntryAt finds the first entry at or after a cell', () => {
  const entries = [1, 1, 3, 3, 3, 7].map((cell) => ({ cell, topic: 't', sentiment: 's', count: 1 }));
  assert.equal(firstEntryAt(entries, 0), 0);
  assert.equal(firstEntryAt(entries, 1), 0);
  assert.equal(firstEntryAt(entries, 2), 2);
  assert.equal(firstEntryAt(entries, 3), 2);
  assert.equal(firstEntryAt(entries, 4), 5);
  assert.equal(firstEntryAt(entries, 8), 6);
  assert.equal(firstEntryAt([], 5), 0);
});

test('only wide ranges without text search use the rollup', () => {
  const applies = (q: string) => rollupApplies(parseFilters(new URLSearchParams(q)));
  assert.equal(applies('range=all'), true);
  assert.equal(applies('range=24h&topic=masks&time=created'), true);
  assert.equal(applies('range=1h'), false);
  assert.equal(applies('range=15m'), false);
  assert.equal(applies('range=all&q=booster'), false);
});
