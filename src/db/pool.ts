import { createPool, type Pool } from 'mysql2/promise';
import type { TlsConfig } from '../config/security.ts';

/**
 * The one MySQL pool factory, for the sink and the dashboard. Every session runs in UTC:
 * DATETIME columns hold UTC wall time (what the sink writes), NOW(3) and CURRENT_TIMESTAMP(3)
 * agree with them, and Dates cross the driver unshifted. TLS is what the caller parsed at the
 * edge (MYSQL_SSL*, docs/security.md); null for a plain connection.
 */
export interface DbPoolOptions {
  readonly ssl: TlsConfig | null;
  readonly connectionLimit?: number;
  /** BIGINT/DECIMAL values as strings always (the sink), or only past 2^53 (the dashboard's counts). */
  readonly bigNumberStrings?: boolean;
  /** TCP keep-alive on idle connections (a long-lived server's pool). */
  readonly keepAlive?: boolean;
}

/** How the dashboard reads: counts as plain numbers, connections kept alive between polls. */
export const DASHBOARD_POOL = { bigNumberStrings: false, keepAlive: true } as const;

export function createDbPool(url: string, options: DbPoolOptions): Pool {
  const { ssl, connectionLimit = 4, bigNumberStrings = true, keepAlive = false } = options;
  const pool = createPool({
    uri: url,
    connectionLimit,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings,
    enableKeepAlive: keepAlive,
    ...(ssl && { ssl: { ...ssl } }),
  });
  pool.pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}
