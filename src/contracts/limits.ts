/**
 * The limits every stage applies to input it did not make itself: how large a line may be,
 * how deep its JSON may nest, how long a text may be and where it may be cut, that bytes are
 * UTF-8, and which post times are plausible. One module, so produce, classify, the sink and
 * `dlq replay` refuse the same things for the same reasons.
 */

/**
 * Longest post text accepted, in characters (Unicode code points, what zod's `max` counts too):
 * an emoji counts 1, as a reader would count it, not 2 as UTF-16 does.
 */
export const MAX_TEXT_LENGTH = 10_000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** False when the string holds a lone surrogate (String#isWellFormed, without needing ES2024 types). */
export const isWellFormed = (text: string): boolean => !LONE_SURROGATE.test(text);

/** Length in code points; a lone surrogate counts 1. */
export function codePointLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Why a post text cannot be taken, or null: a lone surrogate (JSON allows `"\ud800"`, but no
 * UTF-8 encoder can write it: Avro would silently store U+FFFD) or over MAX_TEXT_LENGTH.
 */
export function textProblem(text: string, field = 'text'): string | null {
  if (!isWellFormed(text)) return `${field} holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not Unicode text`;
  const length = text.length > MAX_TEXT_LENGTH ? codePointLength(text) : 0;
  if (length > MAX_TEXT_LENGTH) return `${field} is ${length} characters, over the ${MAX_TEXT_LENGTH} limit`;
  return null;
}

/** The path of the first string in a (validated, shallow) value holding a lone surrogate, or null. */
export function illFormedStringPath(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isWellFormed(value) ? null : path || '(value)';
  if (typeof value !== 'object' || value === null) return null;
  for (const [key, v] of Object.entries(value)) {
    const found = illFormedStringPath(v, path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return null;
}

/**
 * Longest input line (JSONL, one stream payload, one CSV row). A line over it is dead-lettered
 * with its first MAX_LINE_BYTES bytes: the whole line could not travel through Kafka anyway
 * (the broker's default message.max.bytes is about 1 MB).
 */
export const MAX_LINE_BYTES = 512 * 1024;

/**
 * Deepest JSON nesting accepted. A post is 3 levels deep and an X stream payload 5; V8's
 * JSON.stringify and String() overflow the stack somewhere past a few thousand levels, so
 * nothing recursive may see a deeper value. Checked on the text, before JSON.parse.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The deepest nesting of `[`/`{` in a JSON text, outside strings, stopping as soon as it
 * passes `limit`. Iterative, so any depth is safe to measure. Does not validate the JSON.
 */
export function jsonDepth(text: string, limit = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > max) max = depth;
      if (max > limit) return max;
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
  }
  return max;
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** JSON.parse behind the depth limit; never throws. */
export function parseJsonLimited(text: string, maxDepth = MAX_JSON_DEPTH): JsonParse {
  const depth = jsonDepth(text, maxDepth);
  if (depth > maxDepth) return { ok: false, reason: `JSON nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: `not valid JSON: ${(error as Error).message}` };
  }
}

// A byte order mark starting the bytes (an editor's, on a file's first line) is dropped.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The bytes as text, or null when they are not valid UTF-8. Invalid bytes must be caught where
 * they arrive: once decoded leniently they are U+FFFD, indistinguishable from a post that
 * really contains U+FFFD (which is valid text and accepted).
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Text cut to at most `max` UTF-16 code units, ending in `…` when cut. Cuts only between
 * grapheme clusters, so neither a surrogate pair nor an emoji sequence (flags, skin tones,
 * ZWJ families) is split into U+FFFD or a different emoji.
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const budget = max - ellipsis.length;
  let end = 0;
  for (const { segment, index } of graphemes.segment(text.slice(0, max + 64))) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  return `${text.slice(0, end)}${ellipsis}`;
}

/**
 * Earliest plausible post time per platform: the day each one published its first post, so a
 * time before it is a bug or a forgery. X: the first tweet, 2006-03-21. Mastodon: the first
 * release, 2016-03-16 (instances date posts by their own clock). Bluesky: the first posts of
 * the closed beta, November 2022. Sources without an entry get the earliest floor.
 */
export const PLATFORM_EPOCH = {
  x: Date.UTC(2006, 2, 21),
  mastodon: Date.UTC(2016, 2, 16),
  bluesky: Date.UTC(2022, 10, 1),
} as const;
export type Platform = keyof typeof PLATFORM_EPOCH;

/** How far in the future a post time may be (clock skew between the platform and us). */
export const DEFAULT_MAX_FUTURE_SKEW_MS = 10 * 60_000;

/** Which platform's floor applies to a source name (`file`, `stdin`, `x`, `bluesky`...). */
export function platformOf(source: string): Platform | undefined {
  if (source in PLATFORM_EPOCH) return source as Platform;
  if (source.startsWith('bluesky') || source.startsWith('jetstream')) return 'bluesky';
  if (source.startsWith('mastodon')) return 'mastodon';
  return undefined;
}

export interface TimeRule {
  readonly now?: number;
  readonly maxFutureSkewMs?: number;
}

/** Why a post time is implausible for `source`, or null when it is fine. */
export function createdAtProblem(createdAtMs: number, source: string, rule: TimeRule = {}): string | null {
  if (!Number.isFinite(createdAtMs)) return 'created_at is not a timestamp';
  const platform = platformOf(source);
  const floor = platform ? PLATFORM_EPOCH[platform] : Math.min(...Object.values(PLATFORM_EPOCH));
  if (createdAtMs < floor) {
    return `created_at ${isoOrRaw(createdAtMs)} is before ${platform ?? 'any supported platform'} existed (${new Date(floor).toISOString().slice(0, 10)})`;
  }
  const now = rule.now ?? Date.now();
  const skew = rule.maxFutureSkewMs ?? DEFAULT_MAX_FUTURE_SKEW_MS;
  if (createdAtMs > now + skew) {
    return `created_at ${isoOrRaw(createdAtMs)} is more than ${Math.round(skew / 1000)} s in the future`;
  }
  return null;
}

function isoOrRaw(ms: number): string {
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? String(ms) : date.toISOString();
}
