/** Shapes shared by the sample generator's pools and writer. */
export const Sentiment = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
} as const;
export type Sentiment = (typeof Sentiment)[keyof typeof Sentiment];

export const TOPIC_IDS = [
  'vaccines',
  'lockdowns',
  'testing_cases',
  'healthcare',
  'masks',
  'economy_jobs',
  'politics',
  'education',
  'travel',
  'mental_health',
  'misinformation',
  'science_research',
  'daily_life',
  'sports_entertainment',
] as const;
export type TopicId = (typeof TOPIC_IDS)[number];

/**
 * Fragments may carry a date window as a prefix, `FROM..TO|text` with `YYYY-MM` months and either
 * end open (`2021-09..|`), so a post about boosters is never dated March 2020. Text may use
 * spintax `{a|b|c}` for small wording variations.
 */
export interface Cell {
  /** Openings of a post: an event or a claim, no final punctuation. */
  leads: readonly string[];
  /** Reactions that fit after any lead of the same cell, lower-case start, no final punctuation. */
  tails: readonly string[];
  /** Complete posts, used as they are. */
  whole: readonly string[];
}

export interface TopicPool {
  id: TopicId;
  /** Hashtags (without #) that fit any post of this topic; appended at the end. */
  tags: readonly string[];
  /** Words that people turned into hashtags where they wrote them (`the #NBA bubble`). */
  inline: readonly string[];
  /** How many posts of each sentiment the sample holds for this topic. */
  mix: Readonly<Record<Sentiment, number>>;
  positive: Cell;
  negative: Cell;
  neutral: Cell;
}

/** A finished post before it is given an id, author and time. */
export interface Draft {
  topic: TopicId | 'none';
  sentiment: Sentiment;
  text: string;
  lang: string;
  from: string;
  to: string;
}

export interface Author {
  id: string;
  handle: string;
  name: string;
}

export interface Tweet {
  id: string;
  text: string;
  created_at: string;
  author: { id: string; handle: string };
  lang: string;
  hashtags: string[];
  metrics: { like_count: number; retweet_count: number; reply_count: number; quote_count: number };
}
