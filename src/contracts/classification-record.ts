import type { PostRecord } from './post-record.ts';

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

/** The values a reader fills in for the fields classification v3 added (schemas/classification.avsc). */
export const classificationV3Defaults = {
  platform: 'x',
  uri: '',
  url: null,
  reply_to: null,
  edited_at: null,
  label_status: 'ok',
} as const satisfies Partial<ClassificationRecord>;

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

/**
 * The post's language when the source says what it is: the first of `langs`, else `lang`, as
 * a primary subtag. `und` when the source does not know.
 */
export function postLanguage(post: Pick<PostRecord, 'lang' | 'langs'>): string {
  return primaryLanguage(post.langs?.[0] ?? post.lang);
}
