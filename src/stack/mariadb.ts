import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { redactUrl } from '../config/security.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { StackConfig } from './config.ts';
import { requirePortsFree } from './net.ts';
import type { StackPaths } from './paths.ts';
import { requireTool } from './prereq.ts';
import { spawnDetached } from './proc.ts';
import type { Report, StackService } from './service.ts';

/**
 * MySQL for the sink: the URL in MYSQL_URL when set (only checked), otherwise a private MariaDB
 * server from the system's binaries with its own datadir, port and socket under the stack dir.
 */
const run = promisify(execFile);
const db = { name: 'streamsense', user: 'streamsense', password: 'streamsense' } as const;
const mariadbHint = 'install MariaDB (e.g. apt-get install mariadb-server) or set MYSQL_URL to an existing MySQL/MariaDB';

export function mysqlUrl(config: StackConfig): string {
  return config.mysql.url ?? `mysql://${db.user}:${db.password}@${config.host}:${config.mysql.port}/${db.name}`;
}

/** The URL without its password, for printing. */
export { redactUrl };

export function mysqlService(config: StackConfig, paths: StackPaths): StackService {
  const p = paths.mysql;
  const external = config.mysql.url !== undefined;
  // An external server may require TLS (MYSQL_SSL, parsed with the stack config); the stack's own MariaDB listens without it.
  const ssl = external ? config.mysql.ssl : null;
  const health = async () => selectOne({ uri: mysqlUrl(config), ...(ssl && { ssl: { ...ssl } }) });
  return {
    name: 'mysql',
    kind: 'mysql',
    url: redactUrl(mysqlUrl(config)),
    external,
    pidFile: p.pidFile,
    logFile: p.logFile,
    dataDirs: external ? [] : [p.data],
    stopGraceMs: 30_000,
    downloads: false,
    isFetched: async () => true,
    fetch: async () => undefined,
    start: async () => (external ? undefined : startMariadb(config, paths)),
    probe: async () => (external ? health() : selectOne({ socketPath: p.socket, user: 'root' })),
    configure: async (report) => (external ? undefined : bootstrap(paths, report)),
    health,
  };
}

async function mariadbd(): Promise<string> {
  return requireTool(['mariadbd', 'mysqld'], mariadbHint);
}

async function startMariadb(config: StackConfig, paths: StackPaths): Promise<void> {
  const p = paths.mysql;
  const server = await mariadbd();
  await requirePortsFree('mysql', config.host, [[config.mysql.port, 'STREAMSENSE_MYSQL_PORT']]);
  const asRoot = process.getuid?.() === 0 ? ['--user=root'] : [];
  if (!existsSync(path.join(p.data, 'mysql'))) await installDatadir(p.data, asRoot);
  await mkdir(path.dirname(p.socket), { recursive: true });
  await spawnDetached({
    service: 'mysql',
    command: server,
    args: [
      '--no-defaults',
      `--datadir=${p.data}`,
      `--port=${config.mysql.port}`,
      `--bind-address=${config.host}`,
      `--socket=${p.socket}`,
      `--pid-file=${path.join(p.home, 'mariadbd.pid')}`,
      '--skip-name-resolve',
      '--innodb-buffer-pool-size=128M',
      '--character-set-server=utf8mb4',
      '--collation-server=utf8mb4_unicode_ci',
      ...asRoot,
    ],
    cwd: p.home,
    logFile: p.logFile,
    pidFile: p.pidFile,
  });
}

async function installDatadir(datadir: string, asRoot: readonly string[]): Promise<void> {
  const installer = await requireTool(['mariadb-install-db', 'mysql_install_db'], mariadbHint);
  await mkdir(datadir, { recursive: true });
  try {
    // root may log in without a password, but only over the socket in the stack dir and 127.0.0.1.
    await run(
      installer,
      ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...asRoot],
      {
        timeout: 120_000,
      },
    );
  } catch (cause) {
    const output = cause && typeof cause === 'object' && 'stderr' in cause ? String(cause.stderr).slice(-2000) : '';
    throw new AppError(ErrorCode.SERVICE_START, `mysql: initialising ${datadir} failed\n${output}`, { cause });
  }
}

/** Database `streamsense` and user `streamsense`, who may also create `streamsense_*` test databases. */
async function bootstrap(paths: StackPaths, report: Report): Promise<void> {
  const conn = await mysql.createConnection({ socketPath: paths.mysql.socket, user: 'root', multipleStatements: true });
  try {
    await conn.query(`CREATE DATABASE IF NOT EXISTS \`${db.name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    for (const host of ['%', 'localhost']) {
      await conn.query(`CREATE USER IF NOT EXISTS ?@? IDENTIFIED BY ?`, [db.user, host, db.password]);
      await conn.query(`GRANT ALL PRIVILEGES ON \`${db.name}\`.* TO ?@?`, [db.user, host]);
      await conn.query(`GRANT ALL PRIVILEGES ON \`${db.name}\\_%\`.* TO ?@?`, [db.user, host]);
    }
  } finally {
    await conn.end();
  }
  report(`mysql: database ${db.name}, user ${db.user}`);
}

async function selectOne(target: string | mysql.ConnectionOptions): Promise<boolean> {
  const options = typeof target === 'string' ? { uri: target } : target;
  const conn = await mysql.createConnection({ ...options, connectTimeout: 2000 });
  try {
    const [rows] = await conn.query('SELECT 1 AS one');
    return Array.isArray(rows) && (rows[0] as { one?: number } | undefined)?.one === 1;
  } finally {
    await conn.end().catch(() => undefined);
  }
}
