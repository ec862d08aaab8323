import { truncateText } from '../contracts/limits.ts';
import type { ModelInfo, Prediction } from '../nlp/serve/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';

/** The Avro value written to `tweets.classified` (schemas/classification.avsc). */
export interface ClassificationRecord {
  tweet_id: string;
  text: string;
  author_id: string;
  author_handle: string;
  lang: string | null;
  source: string;
  created_at: number;
  classified_at: number;
  sentiment: { label: string; score: number };
  topic: { label: string; score: number; top: Array<{ topic: string; score: number }> };
  model: { encoder: string; encoder_version: string; sentiment_model: string; topic_model: string };
  model_latency_ms: number;
  pipeline_latency_ms: number;
  /** v2 fields (defaults when a v1 record is read with the v2 schema: 1, "und", {}). */
  schema_version: number;
  language: string;
  topic_scores: Record<string, number>;
  /** v3 fields (defaults for earlier records: x, '', null, null, null, ok). */
  platform: string;
  uri: string;
  url: string | null;
  reply_to: string | null;
  edited_at: number | null;
  label_status: LabelStatus;
}

/** Whether the labels are the models' answer, or the post was not classified because of its language. */
export const LabelStatus = { OK: 'ok', UNSUPPORTED_LANGUAGE: 'unsupported_language' } as const;
export type LabelStatus = (typeof LabelStatus)[keyof typeof LabelStatus];

/** The label written for sentiment and topic when the models were not asked (see LabelStatus). */
export const UNCLASSIFIED = 'unclassified';

export const MAX_RESULT_TEXT = 1_000;

/** The version of schemas/classification.avsc this code writes (docs/schemas.md). */
export const CLASSIFICATION_SCHEMA_VERSION = 3;

/**
 * The primary language subtag of a BCP-47 tag, lower case: `en-GB` -> `en`. `und` when the tag
 * is missing, malformed or one of X's private-use codes (qme, qht, qam...: media, hashtags only).
 */
export function primaryLanguage(tag: string | null | undefined): string {
  const primary = (tag ?? '').trim().split(/[-_]/)[0]!.toLowerCase();
  if (!/^[a-z]{2,3}$/.test(primary) || /^q[a-t][a-z]$/.test(primary)) return 'und';
  return primary;
}

export function toClassificationRecord(
  tweet: TweetRecord,
  prediction: Prediction,
  info: ModelInfo,
  timing: { classifiedAt: number; modelMsPerPost: number },
): ClassificationRecord {
  const since = tweet.ingested_at > 0 ? tweet.ingested_at : tweet.created_at;
  return {
    tweet_id: tweet.id,
    text: truncateText(tweet.text, MAX_RESULT_TEXT),
    author_id: tweet.author.id,
    author_handle: tweet.author.handle,
    lang: tweet.lang,
    source: tweet.source,
    created_at: tweet.created_at,
    classified_at: timing.classifiedAt,
    sentiment: { label: prediction.sentiment.label, score: prediction.sentiment.score },
    topic: {
      label: prediction.topic.label,
      score: prediction.topic.score,
      top: prediction.topic.top.map((t) => ({ topic: t.topic, score: t.score })),
    },
    model: {
      encoder: info.encoder,
      encoder_version: info.encoderVersion,
      sentiment_model: info.sentimentModel,
      topic_model: info.topicModel,
    },
    model_latency_ms: timing.modelMsPerPost,
    pipeline_latency_ms: Math.max(0, timing.classifiedAt - since),
    schema_version: CLASSIFICATION_SCHEMA_VERSION,
    language: postLanguage(tweet),
    topic_scores: Object.fromEntries(prediction.topic.top.map((t) => [t.topic, t.score])),
    ...postFields(tweet),
    label_status: LabelStatus.OK,
  };
}

function postFields(tweet: TweetRecord): Pick<ClassificationRecord, 'platform' | 'uri' | 'url' | 'reply_to' | 'edited_at'> {
  return { platform: tweet.platform, uri: tweet.uri, url: tweet.url, reply_to: tweet.reply_to, edited_at: tweet.edited_at };
}

/**
 * The record for a post in a language the models do not cover: no confident wrong labels,
 * `unclassified` with score 0 and label_status `unsupported_language`, so MySQL and the
 * dashboard can tell it apart.
 */
export function toUnclassifiedRecord(tweet: TweetRecord, info: ModelInfo, classifiedAt: number): ClassificationRecord {
  const none: Prediction = { sentiment: { label: 'neutral', score: 0 }, topic: { label: UNCLASSIFIED, score: 0, top: [] } };
  const record = toClassificationRecord(tweet, none, info, { classifiedAt, modelMsPerPost: 0 });
  return { ...record, sentiment: { label: UNCLASSIFIED, score: 0 }, label_status: LabelStatus.UNSUPPORTED_LANGUAGE };
}

/**
 * The post's language when the source says what it is: the first of `langs`, else `lang`, as
 * a primary subtag. `und` when the source does not know.
 */
export function postLanguage(tweet: Pick<TweetRecord, 'lang' | 'langs'>): string {
  return primaryLanguage(tweet.langs?.[0] ?? tweet.lang);
}
