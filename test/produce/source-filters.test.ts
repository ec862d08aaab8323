import assert from 'node:assert/strict';
import { test } from 'node:test';
import { matchesKeywords, wantsLanguage } from '../../src/produce/sources/filters.ts';
import { htmlToText } from '../../src/produce/sources/html-text.ts';

test('languages: primary subtags; posts naming none pass; null keeps all', () => {
  assert.equal(wantsLanguage(['en-GB'], ['en']), true);
  assert.equal(wantsLanguage(['de', 'en'], ['en']), true);
  assert.equal(wantsLanguage(['de'], ['en']), false);
  assert.equal(wantsLanguage([], ['en']), true);
  assert.equal(wantsLanguage(['de'], null), true);
});

test('keywords match whole words or hashtags, case-insensitively', () => {
  assert.equal(matchesKeywords('The Vaccine works', [], ['vaccine']), true);
  assert.equal(matchesKeywords('vaccines work', [], ['vaccine']), false);
  assert.equal(matchesKeywords('so #Climate', [], ['climate']), true);
  assert.equal(matchesKeywords('nothing here', ['Climate'], ['#climate']), true);
  assert.equal(matchesKeywords('anything', [], []), true);
});

test('Mastodon HTML becomes plain text', () => {
  assert.equal(
    htmlToText('<p>Hello <a href="https://x" class="mention">@<span>bob</span></a> &amp; all&#39;s well</p><p>line<br>two &#x1F600;</p>'),
    "Hello @bob & all's well\n\nline\ntwo 😀",
  );
});
