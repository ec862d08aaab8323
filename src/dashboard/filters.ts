import { z } from 'zod';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { isSentiment, SENTIMENT_LABELS } from '../nlp/common/sentiment.ts';
import { queryWords, searchSql } from './search-text.ts';

/**
 * Query parameters shared by every API endpoint, and the SQL they turn into. Only values are
 * bound as parameters; column names come from the fixed maps below, never from the request.
 */
/** The networks posts come from (the `platform` column, classification v3). */
export const PLATFORMS = ['x', 'bluesky', 'mastodon'] as const;

export const Range = { '15m': 900, '1h': 3600, '24h': 86_400, all: null } as const;
export type Range = keyof typeof Range;

/**
 * The time axis. `classified` (default) is when the pipeline classified a post, so a live view
 * shows what is arriving now even when the posts themselves are years old; `created` is the
 * post's own time, and its ranges count back from the newest post rather than from now.
 */
export const TimeAxis = { classified: 'classified_at', created: 'created_at' } as const;
export type TimeAxis = keyof typeof TimeAxis;

const optionalText = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

/**
 * Labels are stored in lower case (topic ids by the taxonomy's rule, sentiments by the model
 * config), so filters are matched case-insensitively by normalising to lower case here, once,
 * for every endpoint: the SQL paths and the in-memory rollup and search index then agree.
 */
const TOPIC_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const lowerCase = (v: string | undefined) => v?.toLowerCase();

const schema = z.strictObject({
  range: z.enum(['15m', '1h', '24h', 'all']).default('all'),
  time: z.enum(['classified', 'created']).default('classified'),
  topic: optionalText(64)
    .transform(lowerCase)
    .refine((v) => v === undefined || TOPIC_ID.test(v), 'must be a topic id: letters, digits, "_" and "-", e.g. "vaccines"'),
  sentiment: optionalText(16)
    .transform(lowerCase)
    .refine((v) => v === undefined || isSentiment(v), `must be one of ${SENTIMENT_LABELS.join(', ')}`),
  platform: z.enum(PLATFORMS).optional(),
  q: optionalText(200),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  token: z.string().optional(),
});

export interface Filters {
  readonly range: Range;
  readonly time: TimeAxis;
  readonly topic?: string;
  readonly sentiment?: string;
  readonly platform?: (typeof PLATFORMS)[number];
  readonly q?: string;
  readonly limit: number;
}

export function parseFilters(params: URLSearchParams): Filters {
  const raw: Record<string, string> = {};
  for (const [key, value] of params) raw[key] = value;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'query'}: ${i.message}`).join('; ');
    throw new AppError(ErrorCode.INVALID_INPUT, `bad query parameters: ${problems} (e.g. ?range=1h&topic=vaccines&q=booster)`);
  }
  const { token: _token, q, ...filters } = result.data;
  // A search without a letter or digit has no words to look for (search-text.ts): no filter.
  return q !== undefined && queryWords(q).length > 0 ? { ...filters, q } : filters;
}

export interface SqlPart {
  readonly sql: string;
  readonly params: unknown[];
}

/**
 * WHERE clause for the filters, with the time axis cut at `from` (null: no lower bound) and
 * any `extra` conditions (the rollup's edge and tail slices).
 */
export function whereClause(filters: Filters, from: Date | null, extra: readonly SqlPart[] = []): SqlPart {
  const parts: string[] = extra.map((e) => e.sql);
  const params: unknown[] = extra.flatMap((e) => e.params);
  if (from) {
    parts.push(`${TimeAxis[filters.time]} >= ?`);
    params.push(from);
  }
  if (filters.topic) {
    parts.push('topic = ?');
    params.push(filters.topic);
  }
  if (filters.sentiment) {
    parts.push('sentiment = ?');
    params.push(filters.sentiment);
  }
  if (filters.platform) {
    parts.push('platform = ?');
    params.push(filters.platform);
  }
  if (filters.q) {
    const search = searchSql(queryWords(filters.q));
    parts.push(search.sql);
    params.push(...search.params);
  }
  return { sql: parts.length ? `WHERE ${parts.join(' AND ')}` : '', params };
}

// Each step is a multiple of the ones before it that the rollup uses (300, 3600, 86400), and all
// are aligned to the epoch, so rollup cells nest exactly inside display buckets.
const bucketLadder = [60, 300, 900, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86_400, 7 * 86_400, 28 * 86_400];
const WIDE_BUCKETS = 120;

/** The most buckets a time series ever has (docs/dashboard.md), whatever the data's span. */
export const MAX_BUCKETS = 1_000;

/**
 * Time-series bucket: 1 min up to an hour, 15 min for a day, else at most ~120 buckets (past
 * the ladder, whole multiples of 28 days); never finer than `minimum` (the rollup's cell size
 * when it answers).
 */
export function bucketSeconds(range: Range, spanSeconds: number, minimum = 60): number {
  const wanted = range === '15m' || range === '1h' ? 60 : range === '24h' ? 900 : undefined;
  const fits = bucketLadder.filter((b) => b >= minimum && b % minimum === 0);
  const widest = fits[fits.length - 1]!;
  if (wanted !== undefined) return fits.find((b) => b >= wanted) ?? widest;
  return fits.find((b) => spanSeconds / b <= WIDE_BUCKETS) ?? widest * Math.ceil(spanSeconds / widest / WIDE_BUCKETS);
}
