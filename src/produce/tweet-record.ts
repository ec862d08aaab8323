import type { ValidPost } from './post-input.ts';

/** The Avro value written to `tweets.raw` (schemas/tweet.avsc). Timestamps in epoch millis. */
export interface TweetRecord {
  id: string;
  text: string;
  created_at: number;
  author: { id: string; handle: string };
  lang: string | null;
  source: string;
  hashtags: string[];
  metrics: { like_count: number; retweet_count: number; reply_count: number; quote_count: number } | null;
  ingested_at: number;
}

export function toTweetRecord(post: ValidPost, source: string, now = Date.now()): TweetRecord {
  const m = post.metrics;
  return {
    id: post.id,
    text: post.text,
    created_at: Date.parse(post.created_at),
    author: { id: post.author.id, handle: post.author.handle },
    lang: post.lang ?? null,
    source,
    hashtags: post.hashtags,
    metrics: m
      ? { like_count: m.like_count ?? 0, retweet_count: m.retweet_count ?? 0, reply_count: m.reply_count ?? 0, quote_count: m.quote_count ?? 0 }
      : null,
    ingested_at: now,
  };
}
