import { createdAtProblem, textProblem, type TimeRule } from '../contracts/limits.ts';
import { POST_ID } from '../produce/post-input.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';

/**
 * A record can decode fine and still be unusable: written by a producer that skipped
 * validation. These checks repeat the producer's contract on what the model needs, with the
 * same limits (src/contracts/limits.ts). Bytes that are not UTF-8 are refused earlier, by the
 * deserializer, which still sees them; a decoded U+FFFD is a real character and passes.
 * Returns the reason, or null when the record is fine.
 */

export function tweetProblem(tweet: TweetRecord, rule: TimeRule = {}): string | null {
  if (typeof tweet.id !== 'string' || !POST_ID.test(tweet.id)) return `id must be 1-64 characters of [A-Za-z0-9_-] or an at:// / https:// URI, got ${JSON.stringify(String(tweet.id).slice(0, 80))}`;
  if (typeof tweet.text !== 'string' || tweet.text.trim() === '') return 'text is empty';
  const text = textProblem(tweet.text);
  if (text) return text;
  return createdAtProblem(tweet.created_at, String(tweet.source ?? ''), rule);
}
