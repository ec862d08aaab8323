import type { Pool } from 'mysql2/promise';
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

const columns = [
  'tweet_id',
  'text',
  'author_id',
  'author_handle',
  'lang',
  'source',
  'created_at',
  'classified_at',
  'written_at',
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
];

function values(row: ClassificationRowInput, offset: number): unknown[] {
  const handle = row.authorHandle ?? 'someone';
  return [
    row.tweetId,
    row.text,
    `id-${handle}`,
    handle,
    'en',
    'file',
    row.createdAt,
    row.classifiedAt,
    row.writtenAt ?? null,
    row.sentiment,
    row.sentimentScore,
    row.topic,
    row.topicScore,
    JSON.stringify([{ topic: row.topic, score: row.topicScore }]),
    'test-model',
    '1',
    5,
    0,
    offset,
  ];
}

export async function insertRows(pool: Pool, table: string, rows: readonly ClassificationRowInput[], batchSize = 1000): Promise<void> {
  const t = checkTableName(table);
  const one = `(${columns.map((c) => (c === 'written_at' ? 'COALESCE(?, CURRENT_TIMESTAMP(3))' : '?')).join(', ')})`;
  for (let start = 0; start < rows.length; start += batchSize) {
    const batch = rows.slice(start, start + batchSize);
    const params = batch.flatMap((row, i) => values(row, start + i));
    await pool.query(`INSERT INTO ${t} (${columns.join(', ')}) VALUES ${batch.map(() => one).join(', ')}`, params);
  }
}
