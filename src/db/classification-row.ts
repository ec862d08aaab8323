/**
 * The layout of the `classifications` table (src/db/migrations.ts): the sink writes rows of this
 * shape, the dashboard's seeding helper writes them for its tests and benchmark. `written_at` is not
 * here: MySQL stamps it on every insert and update.
 */
export interface ClassificationRow {
  tweet_id: string;
  text: string;
  author_id: string;
  author_handle: string;
  lang: string | null;
  source: string;
  created_at: Date;
  classified_at: Date;
  sentiment: string;
  sentiment_score: number;
  topic: string;
  topic_score: number;
  topics_json: string;
  model_id: string;
  model_version: string;
  latency_ms: number;
  kafka_partition: number;
  kafka_offset: string;
  /** Migration 2 (classification v2); v1 records arrive with the schema defaults. */
  schema_version: number;
  language: string;
  topic_scores_json: string;
  /** Migration 4 (classification v3); earlier records arrive with the schema defaults. */
  platform: string;
  uri: string;
  url: string | null;
  reply_to: string | null;
  edited_at: Date | null;
  label_status: string;
}

export const ROW_COLUMNS = [
  'tweet_id',
  'text',
  'author_id',
  'author_handle',
  'lang',
  'source',
  'created_at',
  'classified_at',
  'sentiment',
  'sentiment_score',
  'topic',
  'topic_score',
  'topics_json',
  'model_id',
  'model_version',
  'latency_ms',
  'kafka_partition',
  'kafka_offset',
  'schema_version',
  'language',
  'topic_scores_json',
  'platform',
  'uri',
  'url',
  'reply_to',
  'edited_at',
  'label_status',
] as const satisfies ReadonlyArray<keyof ClassificationRow>;
