import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * The dashboard reads one table with the sink's `classifications` layout. Its name is
 * configurable so tests and the benchmark can work on their own copy beside the real one.
 * Identifiers cannot be bound as parameters, so the name is checked here once.
 */
const tableNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkTableName(name: string): string {
  if (!tableNamePattern.test(name)) {
    throw new AppError(ErrorCode.CONFIG, `table name ${JSON.stringify(name)} is not a plain identifier; use letters, digits and _ (e.g. classifications)`);
  }
  return name;
}

/**
 * The sink's log of posts deleted at their source (`<table>_deleted`: tweet_id, deleted_at):
 * the live feed and the search index drop those rows. Absent before the sink's migration 4.
 */
export function deletionsTableOf(table: string): string {
  return checkTableName(`${checkTableName(table)}_deleted`);
}

/** True for MySQL's "table does not exist" (the deletions log of an older sink). */
export function isMissingTable(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ER_NO_SUCH_TABLE';
}

/** Indexes the dashboard's queries rely on (time axis, live poller, filtered aggregations). */
export function dashboardIndexDdl(table: string): string[] {
  const t = checkTableName(table);
  return [
    `ALTER TABLE ${t} ADD INDEX IF NOT EXISTS idx_written (written_at)`,
    `ALTER TABLE ${t} ADD INDEX IF NOT EXISTS idx_classified_ts (classified_at, topic, sentiment)`,
    `ALTER TABLE ${t} ADD INDEX IF NOT EXISTS idx_topic_classified_s (topic, classified_at, sentiment)`,
    `ALTER TABLE ${t} ADD INDEX IF NOT EXISTS idx_sentiment_classified_t (sentiment, classified_at, topic)`,
  ];
}

export async function dropTable(pool: Pool, table: string): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${checkTableName(table)}`);
}

export async function tableExists(pool: Pool, table: string): Promise<boolean> {
  const [rows] = await pool.query<RowDataPacket[]>(
    'SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ?',
    [checkTableName(table)],
  );
  return rows.length > 0;
}
