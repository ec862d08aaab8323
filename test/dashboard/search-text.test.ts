import assert from 'node:assert/strict';
import { test } from 'node:test';
import { queryWords, searchSql, textMatches, textWords } from '../../src/dashboard/search-text.ts';

test('words are runs of letters and digits, lower-cased, each once', () => {
  assert.deepEqual(textWords('Got my #Booster, booster-shot at 9:30 in Zürich'), [
    'got',
    'my',
    'booster',
    'shot',
    'at',
    '9',
    '30',
    'in',
    'zürich',
  ]);
  assert.deepEqual(textWords('<img src=x onerror=alert(1)>'), ['img', 'src', 'x', 'onerror', 'alert', '1']);
});

test('every search word must start a word of the post, in any order', () => {
  const words = (q: string) => queryWords(q);
  assert.ok(textMatches('Boosters are open', words('booster')));
  assert.ok(textMatches('#booster today', words('booster')));
  assert.equal(textMatches('superbooster today', words('booster')), false);
  assert.ok(textMatches('5 ways to save', words('save 5')));
  assert.ok(textMatches('save 50% now', words('save 5')));
  assert.equal(textMatches('save now', words('save 5')), false);
  assert.ok(textMatches('ÜBER alles', words('über')));
});

test('a search word that starts another search word adds nothing and is dropped', () => {
  assert.deepEqual(queryWords('boost booster b'), ['booster']);
  assert.deepEqual(queryWords('save 5'), ['save', '5']);
  assert.deepEqual(queryWords('%!'), []);
});

test('the SQL form binds one word-start pattern per word, with regex characters escaped', () => {
  assert.deepEqual(searchSql(['c++', 'save']), {
    sql: 'text REGEXP ? AND text REGEXP ?',
    params: ['(?<![\\p{L}\\p{N}])c\\+\\+', '(?<![\\p{L}\\p{N}])save'],
  });
});
