import type { ValidPost } from './post-input.ts';

/** The Avro value written to `tweets.raw` (schemas/tweet.avsc). Timestamps in epoch millis. */
export interface PostRecord {
  id: string;
  text: string;
  created_at: number;
  author: { id: string; handle: string };
  lang: string | null;
  source: string;
  hashtags: string[];
  metrics: { like_count: number; retweet_count: number; reply_count: number; quote_count: number } | null;
  ingested_at: number;
  /** Post contract v2 (defaults when an older record is read: x, '', null, null, [], null, null). */
  platform: string;
  uri: string;
  url: string | null;
  author_did: string | null;
  langs: string[];
  reply_to: string | null;
  edited_at: number | null;
}

/** The values a reader fills in for the fields post contract v2 added (schemas/tweet.avsc). */
export const postV2Defaults = {
  platform: 'x',
  uri: '',
  url: null,
  author_did: null,
  langs: [],
  reply_to: null,
  edited_at: null,
} as const satisfies Partial<PostRecord>;

export function toPostRecord(post: ValidPost, source: string, now = Date.now()): PostRecord {
  const m = post.metrics;
  return {
    id: post.id,
    text: post.text,
    created_at: Date.parse(post.created_at),
    author: { id: post.author.id, handle: post.author.handle },
    lang: post.lang ?? post.langs[0] ?? null,
    source,
    hashtags: post.hashtags,
    metrics: m
      ? {
          like_count: m.like_count ?? 0,
          retweet_count: m.retweet_count ?? 0,
          reply_count: m.reply_count ?? 0,
          quote_count: m.quote_count ?? 0,
        }
      : null,
    ingested_at: now,
    platform: post.platform,
    uri: post.uri,
    url: post.url,
    author_did: post.author_did,
    langs: post.langs,
    reply_to: post.reply_to,
    edited_at: post.edited_at === null ? null : Date.parse(post.edited_at),
  };
}
