import type { Pool, RowDataPacket } from 'mysql2/promise';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * The classifications table the sink writes and the dashboard reads. Its name is configurable
 * so tests and the benchmark can work on their own copy beside the real one. Identifiers cannot
 * be bound as parameters, so every statement that names a table checks the name with this rule.
 */
export const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export function checkTableName(name: string): string {
  if (!TABLE_NAME.test(name)) {
    throw new AppError(
      ErrorCode.CONFIG,
      `Invalid table name ${JSON.stringify(name)}: not a plain identifier; use letters, digits and _ (e.g. classifications)`,
    );
  }
  return name;
}

/**
 * The sink's log of posts deleted at their source (`<table>_deleted`: tweet_id, deleted_at):
 * the live feed and the search index drop those rows. Absent before the sink's migration 4.
 */
export function deletionsTable(table: string): string {
  return checkTableName(`${checkTableName(table)}_deleted`);
}

/** True for MySQL's "table does not exist" (the deletions log of an older sink). */
export function isMissingTable(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'ER_NO_SUCH_TABLE';
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
