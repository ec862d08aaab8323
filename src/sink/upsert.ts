import type { Pool, PoolConnection } from 'mysql2/promise';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { ROW_COLUMNS, type ClassificationRow } from './rows.ts';

/**
 * Batch upsert keyed on tweet_id, in one transaction: a replay updates rows in place, never
 * duplicates them. Every value is a bound parameter.
 */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function upsertSql(table: string, rowCount: number): string {
  if (!TABLE_NAME.test(table)) throw new AppError(ErrorCode.CONFIG, `Invalid table name "${table}": use letters, digits and _`);
  const placeholders = `(${ROW_COLUMNS.map(() => '?').join(',')})`;
  const updates = ROW_COLUMNS.filter((c) => c !== 'tweet_id').map((c) => `${c}=VALUES(${c})`);
  return `INSERT INTO ${table} (${ROW_COLUMNS.join(',')}) VALUES ${Array(rowCount).fill(placeholders).join(',')} ON DUPLICATE KEY UPDATE ${updates.join(',')}`;
}

export async function upsertRows(pool: Pool, table: string, rows: readonly ClassificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  const params = rows.flatMap((row) => ROW_COLUMNS.map((c) => row[c]));
  let conn: PoolConnection | undefined;
  try {
    conn = await pool.getConnection();
    await conn.beginTransaction();
    await conn.query(upsertSql(table, rows.length), params);
    await conn.commit();
  } catch (error) {
    await conn?.rollback().catch(() => undefined);
    throw toDatabaseError(error);
  } finally {
    conn?.release();
  }
}

/**
 * Deletes the rows of posts deleted at the source and logs each key in the deletions table
 * (for the dashboard), in one transaction. Deleting a row that is not there is fine: a tombstone
 * may come before the sink ever saw the post, or be replayed.
 */
export async function deleteRows(pool: Pool, table: string, deletions: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  if (!TABLE_NAME.test(table) || !TABLE_NAME.test(deletions)) throw new AppError(ErrorCode.CONFIG, `Invalid table name "${table}": use letters, digits and _`);
  let conn: PoolConnection | undefined;
  try {
    conn = await pool.getConnection();
    await conn.beginTransaction();
    await conn.query(`DELETE FROM ${table} WHERE tweet_id IN (?)`, [ids]);
    await conn.query(`INSERT INTO ${deletions} (tweet_id) VALUES ${ids.map(() => '(?)').join(',')} ON DUPLICATE KEY UPDATE deleted_at = CURRENT_TIMESTAMP(3)`, [...ids]);
    await conn.commit();
  } catch (error) {
    await conn?.rollback().catch(() => undefined);
    throw toDatabaseError(error);
  } finally {
    conn?.release();
  }
}

const TRANSIENT = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'PROTOCOL_CONNECTION_LOST', 'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT', 'ER_SERVER_SHUTDOWN', 'ER_CON_COUNT_ERROR', 'ER_TOO_MANY_USER_CONNECTIONS',
  'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_QUERY_INTERRUPTED', 'ENOTFOUND', 'EHOSTUNREACH',
]);

export function toDatabaseError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const code = (error as { code?: string }).code ?? '';
  const fatal = (error as { fatal?: boolean }).fatal === true;
  const retriable = TRANSIENT.has(code) || fatal;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(ErrorCode.DATABASE, `MySQL ${retriable ? 'unavailable' : 'rejected the write'}: ${message}`, {
    retriable,
    cause: error,
    context: { code },
  });
}
