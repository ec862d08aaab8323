import { MAX_TEXT_LENGTH, POST_ID } from '../produce/post-input.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';

/**
 * A record can decode fine and still be unusable: written by a producer that skipped
 * validation. These checks repeat the producer's contract on what the model needs.
 * Returns the reason, or null when the record is fine.
 */

export function tweetProblem(tweet: TweetRecord): string | null {
  if (typeof tweet.id !== 'string' || !POST_ID.test(tweet.id)) return `id must be 1-64 characters of [A-Za-z0-9_-] or an at:// / https:// URI, got ${JSON.stringify(String(tweet.id).slice(0, 80))}`;
  if (typeof tweet.text !== 'string' || tweet.text.trim() === '') return 'text is empty';
  if (tweet.text.length > MAX_TEXT_LENGTH) return `text is ${tweet.text.length} characters, over the ${MAX_TEXT_LENGTH} limit`;
  if (tweet.text.includes('\uFFFD')) return 'text is not valid UTF-8 (it holds replacement characters)';
  if (!Number.isFinite(tweet.created_at)) return 'created_at is not a timestamp';
  return null;
}
