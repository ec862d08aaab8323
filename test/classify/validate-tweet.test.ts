import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tweetProblem } from '../../src/classify/validate-tweet.ts';
import type { TweetRecord } from '../../src/produce/tweet-record.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

const tweet = (over: Partial<TweetRecord> = {}): TweetRecord => ({
  id: '123', text: 'hello', created_at: 1_600_000_000_000, author: { id: '1', handle: 'a' }, lang: 'en', source: 'file', hashtags: [], metrics: null, ingested_at: 0, ...postV2Defaults, langs: [], ...over,
});

test('a normal tweet passes', () => assert.equal(tweetProblem(tweet()), null));
test('1 MB of text is refused with the limit named', () => assert.match(tweetProblem(tweet({ text: 'x'.repeat(1_000_000) }))!, /1000000 characters, over the 10000 limit/));
test('invalid UTF-8 (decoded to replacement characters) is refused', () => {
  const text = Buffer.from([0x68, 0x69, 0xff, 0xfe]).toString('utf8');
  assert.match(tweetProblem(tweet({ text }))!, /not valid UTF-8/);
});
test('empty text and bad ids are refused', () => {
  assert.match(tweetProblem(tweet({ text: '  ' }))!, /empty/);
  assert.match(tweetProblem(tweet({ id: 'a b' }))!, /id must be/);
});
