import type { Pool } from 'mysql2/promise';
import { classificationV3Defaults } from '../contracts/classification-record.ts';
import { type ClassificationRow, ROW_COLUMNS } from '../db/classification-row.ts';
import { checkTableName } from '../db/table.ts';

/**
 * Writes rows in the sink's layout with batched multi-row INSERTs. The dashboard itself only
 * reads; this exists for its tests, the benchmark and demo data (the sink owns real writes).
 */
export interface ClassificationRowInput {
  tweetId: string;
  text: string;
  authorHandle?: string;
  createdAt: Date;
  classifiedAt: Date;
  /** Omit to let MySQL stamp it (CURRENT_TIMESTAMP(3)), as the sink's upsert does. */
  writtenAt?: Date;
  sentiment: string;
  sentimentScore: number;
  topic: string;
  topicScore: number;
}

/** A full row in the table's layout; what the input leaves out takes the values of an X post classified by a test model. */
function toRow(row: ClassificationRowInput, offset: number): ClassificationRow {
  const handle = row.authorHandle ?? 'someone';
  const top = [{ topic: row.topic, score: row.topicScore }];
  return {
    tweet_id: row.tweetId,
    text: row.text,
    author_id: `id-${handle}`,
    author_handle: handle,
    lang: 'en',
    source: 'file',
    created_at: row.createdAt,
    classified_at: row.classifiedAt,
    sentiment: row.sentiment,
    sentiment_score: row.sentimentScore,
    topic: row.topic,
    topic_score: row.topicScore,
    topics_json: JSON.stringify(top),
    model_id: 'test-model',
    model_version: '1',
    latency_ms: 5,
    kafka_partition: 0,
    kafka_offset: String(offset),
    schema_version: 3,
    language: 'en',
    topic_scores_json: JSON.stringify({ [row.topic]: row.topicScore }),
    ...classificationV3Defaults,
  };
}

export async function insertRows(pool: Pool, table: string, rows: readonly ClassificationRowInput[], batchSize = 1000): Promise<void> {
  const t = checkTableName(table);
  const columns = [...ROW_COLUMNS, 'written_at'];
  const one = `(${ROW_COLUMNS.map(() => '?').join(', ')}, COALESCE(?, CURRENT_TIMESTAMP(3)))`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params = batch.flatMap((input, i) => {
      const row = toRow(input, start + i);
      return [...ROW_COLUMNS.map((c) => row[c]), input.writtenAt ?? null];
    });
    await pool.query(`INSERT INTO ${t} (${columns.join(', ')}) VALUES ${batch.map(() => one).join(', ')}`, params);
  }
}
