import assert from 'node:assert/strict';
import { test } from 'node:test';
import { postProblem } from '../../src/classify/validate-post.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

const tweet = (over: Partial<PostRecord> = {}): PostRecord => ({
  id: '123',
  text: 'hello',
  created_at: 1_600_000_000_000,
  author: { id: '1', handle: 'a' },
  lang: 'en',
  source: 'file',
  hashtags: [],
  metrics: null,
  ingested_at: 0,
  ...postV2Defaults,
  langs: [],
  ...over,
});

test('a normal tweet passes', () => assert.equal(postProblem(tweet()), null));
test('1 MB of text is refused with the limit named', () =>
  assert.match(postProblem(tweet({ text: 'x'.repeat(1_000_000) }))!, /1000000 characters, over the 10000 limit/));
test('valid text that holds U+FFFD passes (invalid bytes are caught at decode: test/schemas/strict-utf8.test.ts)', () => {
  assert.equal(postProblem(tweet({ text: 'the replacement character \uFFFD is a character' })), null);
});
test('created_at before X existed or far in the future is refused', () => {
  for (const year of ['0000', '0001', '1970'])
    assert.match(postProblem(tweet({ created_at: Date.parse(`${year}-01-01T00:00:00Z`) }))!, /before any supported platform existed/);
  assert.match(postProblem(tweet({ created_at: Date.parse('9999-12-31T00:00:00Z') }))!, /in the future/);
  assert.match(postProblem(tweet({ created_at: Date.parse('2010-01-01T00:00:00Z'), source: 'bluesky' }))!, /before bluesky existed/);
});
test('empty text and bad ids are refused', () => {
  assert.match(postProblem(tweet({ text: '  ' }))!, /empty/);
  assert.match(postProblem(tweet({ id: 'a b' }))!, /id must be/);
});
