import type { ClassificationRecord } from '../contracts/classification-record.ts';
import { createdAtProblem } from '../contracts/limits.ts';
import type { ClassificationRow } from '../db/classification-row.ts';

export function toRow(record: ClassificationRecord, partition: number, offset: string): ClassificationRow {
  return {
    tweet_id: record.tweet_id,
    text: record.text,
    author_id: record.author_id,
    author_handle: record.author_handle,
    lang: record.lang,
    source: record.source,
    created_at: new Date(record.created_at),
    classified_at: new Date(record.classified_at),
    sentiment: record.sentiment.label,
    sentiment_score: record.sentiment.score,
    topic: record.topic.label,
    topic_score: record.topic.score,
    topics_json: JSON.stringify(record.topic.top),
    model_id: `${record.model.encoder}+${record.model.sentiment_model}+${record.model.topic_model}`,
    model_version: record.model.encoder_version,
    latency_ms: record.pipeline_latency_ms,
    kafka_partition: partition,
    kafka_offset: offset,
    schema_version: record.schema_version,
    language: record.language,
    topic_scores_json: JSON.stringify(record.topic_scores),
    platform: record.platform,
    uri: record.uri,
    url: record.url,
    reply_to: record.reply_to,
    edited_at: record.edited_at === null ? null : new Date(record.edited_at),
    label_status: record.label_status,
  };
}

/** Replays of the same post keep the newest classification (last one wins within a batch too). */
export function dedupeByTweetId(rows: readonly ClassificationRow[]): ClassificationRow[] {
  const byId = new Map<string, ClassificationRow>();
  for (const row of rows) byId.set(row.tweet_id, row);
  return [...byId.values()];
}

/**
 * The sink's own check before a record becomes a row: a post time before its platform existed,
 * or more than a day after the post was classified, would move every created-axis window of the
 * dashboard (the classifier refuses these too; this holds for records from any writer).
 */
export function recordProblem(record: ClassificationRecord): string | null {
  const classifiedAt = Number.isFinite(record.classified_at) ? record.classified_at : Date.now();
  return createdAtProblem(record.created_at, String(record.source ?? ''), { now: classifiedAt, maxFutureSkewMs: 86_400_000 });
}
