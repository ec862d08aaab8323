/**
 * The contract between ingest sources and the producer: every source (file, stdin, X API...)
 * yields SourceItems; the producer validates each `post` value with `validatePost` before it
 * is encoded for `tweets.raw`, and dead-letters `unparsable` items and validation failures.
 */
import { z } from 'zod';
import { createdAtProblem, illFormedStringPath, MAX_TEXT_LENGTH, type TimeRule } from '../contracts/limits.ts';

/** The normalized post every source yields, before zod validation by the producer. */
export interface PostInput {
  id: string;
  text: string;
  /** ISO 8601 with a zone, e.g. `2020-03-15T10:00:00.000Z`. */
  created_at: string;
  author: { id: string; handle: string };
  lang?: string | null;
  hashtags?: string[];
  metrics?: { like_count?: number; retweet_count?: number; reply_count?: number; quote_count?: number };
}

/**
 * What sources yield: something to validate, or a raw item that failed to parse, with where it
 * came from. `raw` is the item's bytes as they arrived, what a dead letter keeps; a source
 * that has no bytes of its own for an item (one tweet of a saved page) leaves it out, and the
 * letter then holds the value as JSON.
 */
export type SourceItem =
  | { kind: 'post'; value: unknown; origin: string; raw?: Buffer; input?: InputFraming }
  | { kind: 'unparsable'; raw: Buffer | string; reason: string; origin: string; input?: InputFraming };

/** Input that is not one JSON line: a CSV row, with its file's header row (for `dlq replay`). */
export interface InputFraming {
  readonly format: 'csv';
  readonly header: string;
}

export interface Source {
  readonly name: string;
  items(signal: AbortSignal): AsyncIterable<SourceItem>;
}

export { MAX_TEXT_LENGTH };

const count = z.number().int().nonnegative();

export const postInputSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 characters of [A-Za-z0-9_-], e.g. "1364000000000000000"'),
  text: z.string().trim().min(1, 'must not be empty or only whitespace').max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
  created_at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. "2020-03-15T10:00:00Z"' }),
  author: z.object({
    id: z.string().trim().min(1),
    handle: z.string().trim().min(1),
  }),
  lang: z.string().nullable().optional(),
  hashtags: z.array(z.string()).default([]),
  metrics: z
    .object({
      like_count: count.optional(),
      retweet_count: count.optional(),
      reply_count: count.optional(),
      quote_count: count.optional(),
    })
    .optional(),
});

/** A post that passed validation: text trimmed, hashtags always present. */
export type ValidPost = z.output<typeof postInputSchema>;

// Keep the hand-written interface and the schema in step: fails to compile if they drift.
type Assignable<T, U extends T> = U;
export type _PostInputMatchesSchema = Assignable<z.input<typeof postInputSchema>, PostInput>;

export type PostValidation = { ok: true; post: ValidPost } | { ok: false; reason: string };

/** The schema, then the plausible-time rule for the source's platform (src/contracts/limits.ts). */
export function validatePost(value: unknown, rule: TimeRule & { source?: string } = {}): PostValidation {
  const result = postInputSchema.safeParse(value);
  if (!result.success) return { ok: false, reason: describeIssues(result.error.issues) };
  const illFormed = illFormedStringPath(result.data);
  if (illFormed) return { ok: false, reason: `${illFormed}: holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not Unicode text` };
  const problem = createdAtProblem(Date.parse(result.data.created_at), rule.source ?? '', rule);
  return problem ? { ok: false, reason: problem } : { ok: true, post: result.data };
}

/** All issues on one line, each with its field path: `text: must not be empty; author.handle: ...`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(post)'}: ${issue.message}`)
    .join('; ');
}
