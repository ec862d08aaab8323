/**
 * Pure mapping from X API v2 tweet objects to PostInput. Shared by the `x` source (filtered
 * stream lines: `{"data":{...},"includes":{...},"matching_rules":[...]}`) and the file source
 * (saved responses: `{"data":[...],"includes":{...}}`).
 *
 * Input from files is untrusted, so nothing here throws: fields that are missing or of the
 * wrong type are passed through as they are, and `validatePost` reports them with their path.
 * https://developer.x.com/en/docs/x-api/data-dictionary/object-model/tweet
 */
import type { PostInput } from '../contracts/post-input.ts';

/**
 * The tweet fields this project reads (request them with `tweet.fields`). Written out rather
 * than picked from twitter-api-v2's TweetV2, whose entities type wrongly requires every kind.
 */
export interface TweetV2Fields {
  id: string;
  text: string;
  created_at?: string;
  author_id?: string;
  lang?: string;
  entities?: { hashtags?: { tag: string }[] };
  public_metrics?: { like_count?: number; retweet_count?: number; reply_count?: number; quote_count?: number };
  note_tweet?: { text: string };
}

/** The `tweet.fields`, `expansions` and `user.fields` the mapping needs. */
export const tweetQueryFields = {
  expansions: ['author_id'],
  'tweet.fields': ['created_at', 'lang', 'entities', 'public_metrics', 'note_tweet'],
  'user.fields': ['username'],
} as const;

type Loose = Record<string, unknown>;

function isRecord(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** user id -> username, from a response's `includes.users`. */
export function indexUsernames(includes: unknown): Map<string, string> {
  const usernames = new Map<string, string>();
  const users = isRecord(includes) ? includes.users : undefined;
  if (!Array.isArray(users)) return usernames;
  for (const user of users) {
    if (isRecord(user) && typeof user.id === 'string' && typeof user.username === 'string') {
      usernames.set(user.id, user.username);
    }
  }
  return usernames;
}

// X returns tweet text with &, < and > HTML-escaped; the classifier should see the characters.
function unescapeText(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// Posts over 280 characters arrive truncated in `text`; the full text is in `note_tweet.text`.
function fullText(tweet: Loose): unknown {
  const note = tweet.note_tweet;
  if (isRecord(note) && typeof note.text === 'string') return note.text;
  return tweet.text;
}

function hashtagsOf(entities: unknown): string[] {
  const hashtags = isRecord(entities) ? entities.hashtags : undefined;
  if (!Array.isArray(hashtags)) return [];
  return hashtags.flatMap((h) => (isRecord(h) && typeof h.tag === 'string' ? [h.tag] : []));
}

function metricsOf(publicMetrics: unknown): PostInput['metrics'] {
  if (!isRecord(publicMetrics)) return undefined;
  const { like_count, retweet_count, reply_count, quote_count } = publicMetrics;
  return { like_count, retweet_count, reply_count, quote_count } as PostInput['metrics'];
}

/** Maps one tweet; an author missing from `usernames` gets its id as handle. */
export function tweetToPostInput(tweet: TweetV2Fields, usernames: ReadonlyMap<string, string>): PostInput {
  const loose = tweet as unknown as Loose;
  const authorId = loose.author_id;
  const handle = typeof authorId === 'string' ? (usernames.get(authorId) ?? authorId) : authorId;
  return {
    id: loose.id,
    text: unescapeText(fullText(loose)),
    created_at: loose.created_at,
    author: { id: authorId, handle },
    lang: loose.lang,
    hashtags: hashtagsOf(loose.entities),
    metrics: metricsOf(loose.public_metrics),
  } as PostInput;
}

/** One filtered-stream line (`{"data":{tweet},"includes":{...}}`) -> PostInput, or the payload itself if it holds no tweet. */
export function postFromStreamPayload(payload: unknown): unknown {
  if (!isRecord(payload) || !isRecord(payload.data)) return payload;
  return tweetToPostInput(payload.data as unknown as TweetV2Fields, indexUsernames(payload.includes));
}

/** True for a saved API v2 response page: `{"data":[...]}`. */
export function isTweetsPage(value: unknown): value is { data: unknown[]; includes?: unknown } {
  return isRecord(value) && Array.isArray(value.data);
}

/** Every tweet of a saved page, mapped; entries that are not objects pass through for the validator to reject. */
export function postsFromTweetsPage(page: { data: unknown[]; includes?: unknown }): unknown[] {
  const usernames = indexUsernames(page.includes);
  return page.data.map((tweet) => (isRecord(tweet) ? tweetToPostInput(tweet as unknown as TweetV2Fields, usernames) : tweet));
}
