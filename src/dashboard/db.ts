import { createPool } from 'mysql2/promise';
import type { Pool } from 'mysql2/promise';
import { securityFromEnv, type TlsConfig } from '../config/security.ts';

/**
 * A pool whose sessions run in UTC: DATETIME columns hold UTC wall time (what the sink writes),
 * NOW(3) and CURRENT_TIMESTAMP(3) agree with them, and Dates cross the driver unshifted.
 * TLS: `ssl`, else MYSQL_SSL* (docs/security.md).
 */
export function createDashboardPool(url: string, connectionLimit = 8, ssl: TlsConfig | null = securityFromEnv().mysql.ssl): Pool {
  const pool = createPool({ uri: url, timezone: 'Z', connectionLimit, enableKeepAlive: true, supportBigNumbers: true, ...(ssl && { ssl: { ...ssl } }) });
  pool.pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}
