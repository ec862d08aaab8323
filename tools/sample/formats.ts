import { findHashtags } from './hashtags.ts';
import type { Rng } from './rng.ts';
import type { Author, Tweet } from './types.ts';

export interface Published {
  tweet: Tweet;
  author: Author;
}

export function toJsonLine(tweet: Tweet): string {
  return JSON.stringify(tweet);
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** RFC 4180 quoting; records end with LF, fields holding LF are quoted. */
export function toCsv(items: readonly Published[]): string {
  const header = 'id,text,created_at,author_id,author_handle,lang';
  const rows = items.map(({ tweet }) =>
    [tweet.id, tweet.text, tweet.created_at, tweet.author.id, tweet.author.handle, tweet.lang].map(csvField).join(','),
  );
  return `${[header, ...rows].join('\n')}\n`;
}

/** The shape of an X API v2 recent-search response with `expansions=author_id`. */
export function toTwitterV2(items: readonly Published[]): string {
  const newestFirst = [...items].sort((a, b) => b.tweet.created_at.localeCompare(a.tweet.created_at));
  const data = newestFirst.map(({ tweet }) => {
    const spans = findHashtags(tweet.text);
    return {
      id: tweet.id,
      text: tweet.text,
      created_at: tweet.created_at,
      author_id: tweet.author.id,
      lang: tweet.lang,
      ...(spans.length > 0 ? { entities: { hashtags: spans.map(({ start, end, tag }) => ({ start, end, tag })) } } : {}),
      public_metrics: {
        retweet_count: tweet.metrics.retweet_count,
        reply_count: tweet.metrics.reply_count,
        like_count: tweet.metrics.like_count,
        quote_count: tweet.metrics.quote_count,
      },
    };
  });
  const users = new Map(newestFirst.map(({ author }) => [author.id, { id: author.id, username: author.handle, name: author.name }]));
  const meta = { newest_id: data[0].id, oldest_id: data[data.length - 1].id, result_count: data.length };
  return `${JSON.stringify({ data, includes: { users: [...users.values()] }, meta }, null, 2)}\n`;
}

/** Picks `count` posts: first one of each wanted kind, then random others. */
export function pickSubset(
  items: readonly Published[],
  kinds: readonly ((p: Published) => boolean)[],
  count: number,
  rng: Rng,
): Published[] {
  const chosen = new Set<Published>();
  for (const kind of kinds) {
    const match = rng.shuffle(items).find((p) => kind(p) && !chosen.has(p));
    if (match) chosen.add(match);
  }
  for (const p of rng.shuffle(items)) {
    if (chosen.size >= count) break;
    chosen.add(p);
  }
  return [...chosen].sort((a, b) => a.tweet.created_at.localeCompare(b.tweet.created_at));
}
