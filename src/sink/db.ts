import { createPool, type Pool } from 'mysql2/promise';
import { securityFromEnv, type TlsConfig } from '../config/security.ts';

/** A pool on the given URL; times are stored and read as UTC. TLS: `ssl`, else MYSQL_SSL* (docs/security.md). */
export function createDbPool(url: string, connectionLimit = 4, ssl: TlsConfig | null = securityFromEnv().mysql.ssl): Pool {
  return createPool({
    uri: url,
    connectionLimit,
    timezone: 'Z',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: true,
    ...(ssl && { ssl: { ...ssl } }),
  });
}
