import type { Pool, RowDataPacket } from 'mysql2/promise';
import { deletionsTable, isMissingTable } from '../db/table.ts';
import type { Filters, SqlPart } from './filters.ts';
import { bucketSeconds, MAX_BUCKETS, Range, TimeAxis, whereClause } from './filters.ts';

/**
 * The dashboard's SQL. Every query is a range or index scan on the time axis or a filter
 * column (see dashboardIndexDdl); aggregations group by (topic, sentiment) once and the API
 * derives the totals from those cells.
 */
export interface Window {
  /** Lower bound on the time axis; null for range=all. */
  readonly from: Date | null;
  /** The range's reference point: now (classified axis) or the newest post (created axis). */
  readonly to: Date;
}

export interface Cell {
  readonly topic: string;
  readonly sentiment: string;
  readonly count: number;
}

export interface Post {
  id: string;
  text: string;
  author: string;
  createdAt: string;
  classifiedAt: string;
  writtenAt: string;
  sentiment: string;
  sentimentScore: number;
  topic: string;
  topicScore: number;
  platform: string;
  /** A page showing the post at its source, when known. */
  url: string | null;
  /** `unsupported_language`: labels were not computed for this post's language. */
  labelStatus: string;
}

export interface Series {
  bucketSeconds: number;
  from: string | null;
  to: string;
  buckets: string[];
  series: Record<string, number[]>;
}

function iso(value: unknown): string | null {
  return value instanceof Date ? value.toISOString() : null;
}

export async function resolveWindow(db: Pool, table: string, filters: Filters): Promise<Window> {
  const sql = filters.time === 'created' ? `SELECT COALESCE(MAX(created_at), NOW(3)) AS ref FROM ${table}` : 'SELECT NOW(3) AS ref';
  const [rows] = await db.query<RowDataPacket[]>(sql);
  const to = rows[0].ref as Date;
  const seconds = Range[filters.range];
  return { from: seconds === null ? null : new Date(to.getTime() - seconds * 1000), to };
}

/**
 * A text search over a wide range reads most rows anyway; a clustered-index scan does that
 * sequentially, where the optimizer would otherwise walk a covering index for the GROUP BY
 * and fetch every row by random lookup (50 s instead of 3 s at 1M rows).
 */
function scanHint(filters: Filters): string {
  return filters.q !== undefined && (filters.range === '24h' || filters.range === 'all') ? 'FORCE INDEX (PRIMARY)' : '';
}

export async function countCells(
  db: Pool,
  table: string,
  filters: Filters,
  from: Date | null,
  extra: readonly SqlPart[] = [],
): Promise<Cell[]> {
  const where = whereClause(filters, from, extra);
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT topic, sentiment, COUNT(*) AS n FROM ${table} ${scanHint(filters)} ${where.sql} GROUP BY topic, sentiment`,
    where.params,
  );
  return rows.map((r) => ({ topic: String(r.topic), sentiment: String(r.sentiment), count: Number(r.n) }));
}

export interface SeriesCell {
  bucket: number;
  sentiment: string;
  count: number;
}

/** Counts per (bucket, sentiment); bucket = floor(epoch seconds / bucketSeconds). */
export async function countSeries(
  db: Pool,
  table: string,
  filters: Filters,
  from: Date | null,
  bucket: number,
  extra: readonly SqlPart[] = [],
): Promise<SeriesCell[]> {
  const where = whereClause(filters, from, extra);
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT FLOOR(UNIX_TIMESTAMP(${TimeAxis[filters.time]}) / ?) AS b, sentiment, COUNT(*) AS n
       FROM ${table} ${scanHint(filters)} ${where.sql} GROUP BY b, sentiment`,
    [bucket, ...where.params],
  );
  return rows.map((r) => ({ bucket: Number(r.b), sentiment: String(r.sentiment), count: Number(r.n) }));
}

export async function axisStart(db: Pool, table: string, filters: Filters, window: Window): Promise<Date> {
  if (window.from) return window.from;
  const [rows] = await db.query<RowDataPacket[]>(`SELECT MIN(${TimeAxis[filters.time]}) AS first FROM ${table}`);
  return (rows[0].first as Date | null) ?? window.to;
}

export function spanSeconds(first: Date, window: Window): number {
  return Math.max(0, (window.to.getTime() - first.getTime()) / 1000);
}

export async function timeSeries(db: Pool, table: string, filters: Filters, window: Window): Promise<Series> {
  const first = await axisStart(db, table, filters, window);
  const bucket = bucketSeconds(filters.range, spanSeconds(first, window));
  return fillSeries(await countSeries(db, table, filters, window.from, bucket), bucket, first, window);
}

/** Lays counts out on a continuous bucket axis (zeros where nothing happened). */
export function fillSeries(
  cells: ReadonlyArray<{ bucket: number; sentiment: string; count: number }>,
  bucket: number,
  first: Date,
  window: Window,
): Series {
  const lastCell = cells.reduce((m, c) => Math.max(m, c.bucket), -Infinity);
  const start = Math.floor(first.getTime() / 1000 / bucket);
  const end = Math.max(Math.floor(window.to.getTime() / 1000 / bucket), Number.isFinite(lastCell) ? lastCell : start);
  // Cells far past `to` (a clock far ahead) are not drawn rather than stretching the axis.
  const length = Math.min(MAX_BUCKETS, Math.max(1, end - start + 1));
  const series: Record<string, number[]> = {};
  for (const cell of cells) {
    const index = cell.bucket - start;
    if (index < 0 || index >= length) continue;
    series[cell.sentiment] ??= new Array<number>(length).fill(0);
    series[cell.sentiment][index] += cell.count;
  }
  const buckets = Array.from({ length }, (_, i) => new Date((start + i) * bucket * 1000).toISOString());
  return { bucketSeconds: bucket, from: iso(window.from), to: window.to.toISOString(), buckets, series };
}

export const postColumns = `tweet_id, text, author_handle, created_at, classified_at, written_at,
  sentiment, sentiment_score, topic, topic_score, platform, url, label_status`;

export function toPost(r: RowDataPacket): Post {
  return {
    id: String(r.tweet_id),
    text: String(r.text),
    author: String(r.author_handle),
    createdAt: iso(r.created_at) ?? '',
    classifiedAt: iso(r.classified_at) ?? '',
    writtenAt: iso(r.written_at) ?? '',
    sentiment: String(r.sentiment),
    sentimentScore: Number(r.sentiment_score),
    topic: String(r.topic),
    topicScore: Number(r.topic_score),
    platform: String(r.platform ?? 'x'),
    url: r.url === null || r.url === undefined ? null : String(r.url),
    labelStatus: String(r.label_status ?? 'ok'),
  };
}

export async function latestPosts(db: Pool, table: string, filters: Filters, window: Window): Promise<Post[]> {
  const where = whereClause(filters, window.from);
  const axis = TimeAxis[filters.time];
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${postColumns} FROM ${table} ${where.sql} ORDER BY ${axis} DESC, tweet_id DESC LIMIT ?`,
    [...where.params, filters.limit],
  );
  return rows.map(toPost);
}

/** Rows written after `since` (inclusive), oldest first: the live poller's query. */
export async function postsWrittenSince(db: Pool, table: string, since: Date, limit: number): Promise<Post[]> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${postColumns} FROM ${table} WHERE written_at >= ? ORDER BY written_at, tweet_id LIMIT ?`,
    [since, limit],
  );
  return rows.map(toPost);
}

/** Ids of posts deleted at their source since `since`: the live poller's second query. */
export async function postsDeletedSince(
  db: Pool,
  table: string,
  since: Date,
  limit: number,
): Promise<Array<{ id: string; deletedAt: string }>> {
  try {
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT tweet_id, deleted_at FROM ${deletionsTable(table)} WHERE deleted_at >= ? ORDER BY deleted_at LIMIT ?`,
      [since, limit],
    );
    return rows.map((r) => ({ id: String(r.tweet_id), deletedAt: iso(r.deleted_at) ?? '' }));
  } catch (error) {
    if (isMissingTable(error)) return [];
    throw error;
  }
}

export async function distinctValues(db: Pool, table: string): Promise<{ topics: string[]; sentiments: string[] }> {
  const [topics] = await db.query<RowDataPacket[]>(`SELECT DISTINCT topic FROM ${table} ORDER BY topic`);
  const [sentiments] = await db.query<RowDataPacket[]>(`SELECT DISTINCT sentiment FROM ${table} ORDER BY sentiment`);
  return { topics: topics.map((r) => String(r.topic)), sentiments: sentiments.map((r) => String(r.sentiment)) };
}

export interface TableStats {
  lastPostAt: string | null;
  lastClassifiedAt: string | null;
  lastWriteAt: string | null;
  now: string;
}

export async function tableStats(db: Pool, table: string): Promise<TableStats> {
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT (SELECT MAX(created_at) FROM ${table}) AS lastPost, (SELECT MAX(classified_at) FROM ${table}) AS lastClassified,
            (SELECT MAX(written_at) FROM ${table}) AS lastWrite, NOW(3) AS now`,
  );
  const r = rows[0];
  return { lastPostAt: iso(r.lastPost), lastClassifiedAt: iso(r.lastClassified), lastWriteAt: iso(r.lastWrite), now: iso(r.now) ?? '' };
}

export async function countAll(db: Pool, table: string): Promise<number> {
  const [rows] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(rows[0].n);
}

/** Sink activity from the table itself: rows written in the last minute and write lag. */
export async function writeActivity(db: Pool, table: string): Promise<{ rowsLastMinute: number; writeLagMs: number | null }> {
  const [recent] = await db.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${table} WHERE written_at >= NOW(3) - INTERVAL 60 SECOND`);
  const [lag] = await db.query<RowDataPacket[]>(
    `SELECT AVG(TIMESTAMPDIFF(MICROSECOND, classified_at, written_at)) / 1000 AS lagMs
       FROM (SELECT classified_at, written_at FROM ${table} ORDER BY written_at DESC LIMIT 100) AS latest`,
  );
  const lagMs = lag[0].lagMs;
  return { rowsLastMinute: Number(recent[0].n), writeLagMs: lagMs === null ? null : Math.round(Number(lagMs)) };
}
