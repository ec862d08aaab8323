import type { Pool, PoolConnection } from 'mysql2/promise';
import { type ClassificationRow, ROW_COLUMNS } from '../db/classification-row.ts';
import { checkTableName } from '../db/table.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * Batch upsert keyed on tweet_id, in one transaction: a replay updates rows in place, never
 * duplicates them. Every value is a bound parameter. Large batches go as several multi-row
 * statements of at most `ROWS_PER_STATEMENT` rows, still in the one transaction, to stay well
 * under max_allowed_packet.
 */
export const ROWS_PER_STATEMENT = 500;
const statements = new Map<string, string>();

export function upsertSql(table: string, rowCount: number): string {
  checkTableName(table);
  const placeholders = `(${ROW_COLUMNS.map(() => '?').join(',')})`;
  const updates = ROW_COLUMNS.filter((c) => c !== 'tweet_id').map((c) => `${c}=VALUES(${c})`);
  return `INSERT INTO ${table} (${ROW_COLUMNS.join(',')}) VALUES ${Array(rowCount).fill(placeholders).join(',')} ON DUPLICATE KEY UPDATE ${updates.join(',')}`;
}

function cachedUpsertSql(table: string, rowCount: number): string {
  const key = `${table}\u0000${rowCount}`;
  let sql = statements.get(key);
  if (!sql) {
    if (statements.size > 64) statements.clear();
    sql = upsertSql(table, rowCount);
    statements.set(key, sql);
  }
  return sql;
}

export async function upsertRows(pool: Pool, table: string, rows: readonly ClassificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await inTransaction(pool, (conn) => upsertIn(conn, table, rows));
}

async function upsertIn(conn: PoolConnection, table: string, rows: readonly ClassificationRow[]): Promise<void> {
  for (let at = 0; at < rows.length; at += ROWS_PER_STATEMENT) {
    const part = rows.slice(at, at + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const row of part) for (const c of ROW_COLUMNS) params.push(row[c]);
    await conn.query(cachedUpsertSql(table, part.length), params);
  }
}

async function inTransaction(pool: Pool, work: (conn: PoolConnection) => Promise<void>): Promise<void> {
  let conn: PoolConnection | undefined;
  try {
    conn = await pool.getConnection();
    await conn.beginTransaction();
    await work(conn);
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
  await writeWindow(pool, table, deletions, [], ids);
}

/**
 * A window's writes in ONE transaction: its upserts, then its deletes (and their log). The caller
 * has applied last-write per key, so no id is both upserted and deleted.
 */
export async function writeWindow(
  pool: Pool,
  table: string,
  deletions: string,
  rows: readonly ClassificationRow[],
  ids: readonly string[],
): Promise<void> {
  if (rows.length === 0 && ids.length === 0) return;
  checkTableName(table);
  checkTableName(deletions);
  await inTransaction(pool, async (conn) => {
    await upsertIn(conn, table, rows);
    if (ids.length === 0) return;
    await conn.query(`DELETE FROM ${table} WHERE tweet_id IN (?)`, [ids]);
    await conn.query(
      `INSERT INTO ${deletions} (tweet_id) VALUES ${ids.map(() => '(?)').join(',')} ON DUPLICATE KEY UPDATE deleted_at = CURRENT_TIMESTAMP(3)`,
      [...ids],
    );
  });
}

const TRANSIENT = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  'ENOTFOUND',
  'EHOSTUNREACH',
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
