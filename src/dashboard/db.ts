import { createPool } from 'mysql2/promise';
import type { Pool } from 'mysql2/promise';

/**
 * A pool whose sessions run in UTC: DATETIME columns hold UTC wall time (what the sink writes),
 * NOW(3) and CURRENT_TIMESTAMP(3) agree with them, and Dates cross the driver unshifted.
 */
export function createDashboardPool(url: string, connectionLimit = 8): Pool {
  const pool = createPool({ uri: url, timezone: 'Z', connectionLimit, enableKeepAlive: true, supportBigNumbers: true });
  pool.pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'");
  });
  return pool;
}
