/**
 * Hashtags as Twitter finds them: `#` not preceded by a letter, digit, `_`, `&`, `/` or `#`,
 * followed by letters, marks, digits or `_`, with at least one non-digit (`#1` is not a hashtag).
 */
const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&/#])#([\p{L}\p{M}\p{N}_]+)/gu;

export interface HashtagSpan {
  tag: string;
  /** Code point offsets, as the X API v2 reports entity positions; end is exclusive. */
  start: number;
  end: number;
}

export function findHashtags(text: string): HashtagSpan[] {
  const spans: HashtagSpan[] = [];
  for (const match of text.matchAll(HASHTAG)) {
    const tag = match[1];
    if (/^\p{N}+$/u.test(tag)) continue;
    const start = [...text.slice(0, match.index)].length;
    spans.push({ tag, start, end: start + 1 + [...tag].length });
  }
  return spans;
}

/** The tags of a post in order of appearance, each once. */
export function hashtagsOf(text: string): string[] {
  return [...new Set(findHashtags(text).map((span) => span.tag))];
}
