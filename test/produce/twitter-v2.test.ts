import assert from 'node:assert/strict';
import { test } from 'node:test';
import { validatePost } from '../../src/contracts/post-input.ts';
import {
  indexUsernames,
  isTweetsPage,
  postFromStreamPayload,
  postsFromTweetsPage,
  tweetToPostInput,
} from '../../src/produce/twitter-v2.ts';

const tweet = {
  id: '1364000000000000001',
  text: 'Masks &amp; vaccines: &lt;3 #COVID19 #StayHome',
  edit_history_tweet_ids: ['1364000000000000001'],
  created_at: '2021-02-23T01:02:03.000Z',
  author_id: '42',
  lang: 'en',
  entities: {
    hashtags: [
      { start: 26, end: 34, tag: 'COVID19' },
      { start: 35, end: 45, tag: 'StayHome' },
    ],
  },
  public_metrics: { like_count: 5, retweet_count: 2, reply_count: 1, quote_count: 0, impression_count: 900 },
};

test('maps a v2 tweet with its author from includes.users', () => {
  const post = tweetToPostInput(tweet, new Map([['42', 'epi_jane']]));
  assert.deepEqual(post, {
    id: '1364000000000000001',
    text: 'Masks & vaccines: <3 #COVID19 #StayHome',
    created_at: '2021-02-23T01:02:03.000Z',
    author: { id: '42', handle: 'epi_jane' },
    lang: 'en',
    hashtags: ['COVID19', 'StayHome'],
    metrics: { like_count: 5, retweet_count: 2, reply_count: 1, quote_count: 0 },
  });
  assert.equal(validatePost(post).ok, true);
});

test('an author missing from includes gets the author id as handle', () => {
  const post = tweetToPostInput(tweet, new Map([['7', 'someone_else']]));
  assert.deepEqual(post.author, { id: '42', handle: '42' });
});

test('a long post takes its full text from note_tweet', () => {
  const post = tweetToPostInput({ ...tweet, text: 'truncated…', note_tweet: { text: 'the whole long post' } }, new Map());
  assert.equal(post.text, 'the whole long post');
});

test('a tweet without entities or metrics maps to no hashtags and no metrics', () => {
  const { entities, public_metrics, ...bare } = tweet;
  const post = tweetToPostInput(bare, new Map());
  assert.deepEqual(post.hashtags, []);
  assert.equal(post.metrics, undefined);
});

test('indexUsernames skips malformed users and tolerates a missing includes', () => {
  assert.deepEqual(indexUsernames(undefined), new Map());
  assert.deepEqual(indexUsernames({ users: [{ id: '1', username: 'a' }, { id: 2, username: 'b' }, null] }), new Map([['1', 'a']]));
});

test('postFromStreamPayload maps a stream line and passes a non-tweet payload through', () => {
  const line = {
    data: tweet,
    includes: { users: [{ id: '42', name: 'Jane', username: 'epi_jane' }] },
    matching_rules: [{ id: '1', tag: 'streamsense' }],
  };
  assert.deepEqual((postFromStreamPayload(line) as { author: unknown }).author, { id: '42', handle: 'epi_jane' });
  const errorLine = { errors: [{ title: 'operational-disconnect' }] };
  assert.equal(postFromStreamPayload(errorLine), errorLine);
});

test('a saved page maps every tweet; broken tweets fail validation with their field named', () => {
  const page = {
    data: [tweet, { id: '9', text: 'no date', author_id: '42' }, 'not a tweet'],
    includes: { users: [{ id: '42', username: 'epi_jane' }] },
  };
  assert.equal(isTweetsPage(page), true);
  assert.equal(isTweetsPage({ data: tweet }), false);
  const posts = postsFromTweetsPage(page);
  assert.equal(posts.length, 3);
  assert.equal(validatePost(posts[0]).ok, true);
  const noDate = validatePost(posts[1]);
  assert.equal(noDate.ok, false);
  assert.match(noDate.ok ? '' : noDate.reason, /^created_at: /);
  assert.equal(posts[2], 'not a tweet');
  assert.equal(validatePost(posts[2]).ok, false);
});
