import { createdAtProblem, textProblem, type TimeRule } from '../contracts/limits.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';

/**
 * A record can decode fine and still be unusable: written by a producer that skipped
 * validation. These checks repeat the producer's contract on what the model needs, with the
 * same limits (src/contracts/limits.ts). Bytes that are not UTF-8 are refused earlier, by the
 * deserializer, which still sees them; a decoded U+FFFD is a real character and passes.
 * Returns the reason, or null when the record is fine.
 */
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function tweetProblem(tweet: TweetRecord, rule: TimeRule = {}): string | null {
  if (typeof tweet.id !== 'string' || !ID.test(tweet.id)) return `id must be 1-64 characters of [A-Za-z0-9_-], got ${JSON.stringify(String(tweet.id).slice(0, 80))}`;
  if (typeof tweet.text !== 'string' || tweet.text.trim() === '') return 'text is empty';
  const text = textProblem(tweet.text);
  if (text) return text;
  return createdAtProblem(tweet.created_at, String(tweet.source ?? ''), rule);
}
