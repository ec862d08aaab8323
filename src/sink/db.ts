import { createPool, type Pool } from 'mysql2/promise';

/** A pool on the given URL; times are stored and read as UTC. */
export function createDbPool(url: string, connectionLimit = 4): Pool {
  return createPool({ uri: url, connectionLimit, timezone: 'Z', dateStrings: false, supportBigNumbers: true, bigNumberStrings: true });
}
