import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { IndexRow } from '../../src/dashboard/search-index.ts';
import { SearchIndex } from '../../src/dashboard/search-index.ts';
import { queryWords, textMatches } from '../../src/dashboard/search-text.ts';

const t0 = Date.UTC(2026, 0, 1);
const row = (id: string, text: string, minute: number, topic = 'vaccines', sentiment = 'positive'): IndexRow => ({
  id,
  text,
  topic,
  sentiment,
  classifiedMs: t0 + minute * 60_000,
  createdMs: t0 - minute * 60_000,
});

function sample(): SearchIndex {
  const index = new SearchIndex();
  index.add(row('a', 'Got my booster today', 0));
  index.add(row('b', 'Boosters for everyone over 50', 1, 'vaccines', 'neutral'));
  index.add(row('c', 'superbooster is not a word', 2, 'misinformation', 'negative'));
  index.add(row('d', 'Masks on the train, booster next week', 3, 'masks', 'negative'));
  index.add(row('e', 'save 50% on masks', 4, 'masks', 'positive'));
  return index;
}

const all = { axis: 'classified', fromMs: null } as const;

test('matches rows whose words start with every search word', () => {
  const index = sample();
  const ids = (q: string) => index.latest(queryWords(q), all, 10).sort();
  assert.deepEqual(ids('booster'), ['a', 'b', 'd']);
  assert.deepEqual(ids('BOOST next'), ['d']);
  assert.deepEqual(ids('masks 5'), ['e']);
  assert.deepEqual(ids('zebra'), []);
});

test('cells and series count the matches that pass the time, topic and sentiment filters', () => {
  const index = sample();
  const words = queryWords('booster');
  assert.deepEqual(
    index.cells(words, all).sort((x, y) => x.topic.localeCompare(y.topic) || x.sentiment.localeCompare(y.sentiment)),
    [
      { topic: 'masks', sentiment: 'negative', count: 1 },
      { topic: 'vaccines', sentiment: 'neutral', count: 1 },
      { topic: 'vaccines', sentiment: 'positive', count: 1 },
    ],
  );
  assert.deepEqual(
    index
      .cells(words, { ...all, fromMs: t0 + 60_000 })
      .map((c) => c.count)
      .reduce((a, b) => a + b),
    2,
  );
  assert.deepEqual(index.cells(words, { ...all, topic: 'vaccines', sentiment: 'neutral' }), [
    { topic: 'vaccines', sentiment: 'neutral', count: 1 },
  ]);
  assert.deepEqual(index.cells(words, { ...all, topic: 'no-such-topic' }), []);
  const series = index.series(words, all, 120, t0 / 120_000).sort((x, y) => x.bucket - y.bucket);
  assert.deepEqual(
    series.map((s) => [s.bucket - t0 / 120_000, s.sentiment, s.count]),
    [
      [0, 'positive', 1],
      [0, 'neutral', 1],
      [1, 'negative', 1],
    ],
  );
  assert.deepEqual(
    index.series(words, all, 120, t0 / 120_000 + 1).map((s) => s.count),
    [1],
    'buckets before the first are off the axis',
  );
});

test('latest is newest first on the chosen axis, limited', () => {
  const index = sample();
  assert.deepEqual(index.latest(queryWords('booster'), all, 2), ['d', 'b']);
  assert.deepEqual(index.latest(queryWords('booster'), { axis: 'created', fromMs: null }, 2), ['a', 'b']);
});

test('an upsert of a known post moves it instead of counting it twice', () => {
  const index = sample();
  index.add(row('a', 'Got my booster today', 10, 'healthcare', 'neutral'));
  assert.equal(index.size, 5);
  assert.deepEqual(index.cells(queryWords('today'), all), [{ topic: 'healthcare', sentiment: 'neutral', count: 1 }]);
  assert.deepEqual(index.latest(queryWords('booster'), all, 1), ['a']);
});

test('words first seen after a search are found by the next one', () => {
  const index = sample();
  assert.deepEqual(index.latest(queryWords('zebra'), all, 5), []);
  index.add(row('f', 'A zebra crossing', 5));
  index.add(row('g', 'aardvark zebras', 6));
  assert.deepEqual(index.latest(queryWords('zebra'), all, 5), ['g', 'f']);
  assert.deepEqual(index.latest(queryWords('a'), all, 10).sort(), ['c', 'f', 'g']);
});

test('agrees with the rule for single texts on random data', () => {
  const vocabulary = ['boost', 'booster', 'boosters', 'mask', 'masks', 'ask', 'zürich', 'zu', '50', '500', 'save'];
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const rows = Array.from({ length: 400 }, (_, i) =>
    row(
      `r${i}`,
      Array.from({ length: 1 + Math.floor(random() * 6) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' '),
      i,
    ),
  );
  const index = new SearchIndex();
  for (const r of rows) index.add(r);
  for (const q of ['boost', 'booster', 'mask', 'ask', 'zu', '5', 'save 50', 'masks zürich', 'b a']) {
    const words = queryWords(q);
    const expected = rows
      .filter((r) => textMatches(r.text, words))
      .map((r) => r.id)
      .sort();
    assert.deepEqual(index.latest(words, all, 1000).sort(), expected, q);
  }
});
