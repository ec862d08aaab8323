import { createdAtProblem, type TimeRule, textProblem } from '../contracts/limits.ts';
import { POST_ID } from '../contracts/post-input.ts';
import type { PostRecord } from '../contracts/post-record.ts';

/**
 * A record can decode fine and still be unusable: written by a producer that skipped
 * validation. These checks repeat the producer's contract on what the model needs, with the
 * same limits (src/contracts/limits.ts). Bytes that are not UTF-8 are refused earlier, by the
 * deserializer, which still sees them; a decoded U+FFFD is a real character and passes.
 * Returns the reason, or null when the record is fine.
 */

export function postProblem(post: PostRecord, rule: TimeRule = {}): string | null {
  if (typeof post.id !== 'string' || !POST_ID.test(post.id))
    return `id must be 1-64 characters of [A-Za-z0-9_-] or an at:// / https:// URI, got ${JSON.stringify(String(post.id).slice(0, 80))}`;
  if (typeof post.text !== 'string' || post.text.trim() === '') return 'text is empty';
  const text = textProblem(post.text);
  if (text) return text;
  return createdAtProblem(post.created_at, String(post.source ?? ''), rule);
}
