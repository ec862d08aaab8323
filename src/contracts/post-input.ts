/**
 * The post contract between the outside world and the pipeline: every source (file, stdin,
 * X API...) yields SourceItems; the producer (and `dlq replay`) validates each `post` value with
 * `validatePost` before it is encoded for `tweets.raw`, and dead-letters `unparsable` items and
 * validation failures. Classify checks the decoded record against the same POST_ID rule.
 */
import { z } from 'zod';
import { createdAtProblem, illFormedStringPath, MAX_TEXT_LENGTH, type TimeRule } from './limits.ts';

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
  /** Post contract v2 fields (schemas/tweet.avsc); absent for X and file posts. */
  platform?: Platform;
  uri?: string;
  url?: string | null;
  author_did?: string | null;
  langs?: string[];
  reply_to?: string | null;
  /** ISO 8601 with a zone, when the post is an edit of one seen before. */
  edited_at?: string | null;
}

export const Platform = { X: 'x', BLUESKY: 'bluesky', MASTODON: 'mastodon' } as const;
export type Platform = (typeof Platform)[keyof typeof Platform];

/**
 * What sources yield: something to validate, a raw item that failed to parse, or a deletion,
 * with where it came from. `raw` is the item's bytes as they arrived, what a dead letter keeps;
 * a source that has no bytes of its own for an item (one tweet of a saved page, a parsed
 * stream payload) leaves it out, and the letter then holds the value as JSON.
 */
export type SourceItem = (
  | { kind: 'post'; value: unknown; origin: string; raw?: Buffer; input?: InputFraming }
  | { kind: 'unparsable'; raw: Buffer | string; reason: string; origin: string; input?: InputFraming }
  /** The post with this id was deleted at the source: the producer writes a tombstone for its key. */
  | { kind: 'delete'; id: string; origin: string; input?: undefined }
) & {
  /** Where to resume after this item (a Jetstream cursor, a Mastodon status id), for resumable sources. */
  readonly position?: string;
};

/** Input that is not one JSON line: a CSV row, with its file's header row (for `dlq replay`). */
export interface InputFraming {
  readonly format: 'csv';
  readonly header: string;
}

const count = z.number().int().nonnegative();

/**
 * A post id: a short platform id (X, files), or a URI (Bluesky `at://did/app.bsky.feed.post/rkey`,
 * Mastodon `https://instance/api/v1/statuses/id`) for platforms whose ids are only unique per server.
 */
export const POST_ID = /^(?:[A-Za-z0-9_-]{1,64}|(?:at|https?):\/\/[\x21-\x7e]{1,240})$/;
export const POST_ID_EXAMPLE = '"1364000000000000000" or "at://did:plc:abc/app.bsky.feed.post/3kq2"';
const isoDate = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a zone, e.g. "2020-03-15T10:00:00Z"' });

export const postInputSchema = z.object({
  id: z.string().regex(POST_ID, `must be 1-64 characters of [A-Za-z0-9_-] or an at:// / https:// URI, e.g. ${POST_ID_EXAMPLE}`),
  text: z
    .string()
    .trim()
    .min(1, 'must not be empty or only whitespace')
    .max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`),
  created_at: isoDate,
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
  platform: z.enum([Platform.X, Platform.BLUESKY, Platform.MASTODON]).default(Platform.X),
  uri: z.string().max(512).default(''),
  url: z.string().max(1024).nullable().default(null),
  author_did: z.string().max(255).nullable().default(null),
  langs: z.array(z.string().max(32)).max(16).default([]),
  reply_to: z.string().max(512).nullable().default(null),
  edited_at: isoDate.nullable().default(null),
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
  if (illFormed)
    return { ok: false, reason: `${illFormed}: holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not Unicode text` };
  const problem = createdAtProblem(Date.parse(result.data.created_at), result.data.platform ?? rule.source ?? '', rule);
  return problem ? { ok: false, reason: problem } : { ok: true, post: result.data };
}

/** All issues on one line, each with its field path: `text: must not be empty; author.handle: ...`. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.map((issue) => `${issue.path.length ? issue.path.map(String).join('.') : '(post)'}: ${issue.message}`).join('; ');
}
