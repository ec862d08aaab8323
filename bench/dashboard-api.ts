/**
 * Dashboard API latency with a million rows (the target: every call under 200 ms).
 *
 *   npm run bench:dashboard -- [--rows 1000000] [--calls 20] [--reseed] [--drop] [--no-write]
 *
 * Seeds `classifications_bench` (beside the real table, same layout and indexes) once with
 * batched multi-row INSERTs, starts the dashboard server on it, times each API call and writes
 * the figures to the "Dashboard API" section of docs/benchmarks.md. MYSQL_URL picks the server.
 * The table is kept for the next run unless --drop is given.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { z } from 'zod';
import { DEFAULT_KAFKA_BROKERS } from '../src/config/connections.ts';
import { parseOrExit } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { defaultLagGroups } from '../src/dashboard/config.ts';
import type { ClassificationRowInput } from '../src/dashboard/insert-rows.ts';
import { insertRows } from '../src/dashboard/insert-rows.ts';
import type { DashboardServer } from '../src/dashboard/server.ts';
import { startDashboard } from '../src/dashboard/server.ts';
import { dashboardIndexDdl, migrate } from '../src/db/migrations.ts';
import { createDbPool, DASHBOARD_POOL } from '../src/db/pool.ts';
import { dropTable } from '../src/db/table.ts';
import { benchSpec } from './help.ts';

const DEFAULT_MYSQL_URL = 'mysql://streamsense:streamsense@127.0.0.1:13306/streamsense';
const dashboardBenchSpec = benchSpec(import.meta.url, {
  options: {
    rows: { flag: 'rows', description: 'rows seeded into the bench table', default: '1000000', example: '1000000' },
    calls: { flag: 'calls', description: 'timed calls per API case', default: '20', example: '20' },
    reseed: { flag: 'reseed', type: 'boolean', description: 'drop the bench table and seed it again' },
    drop: { flag: 'drop', type: 'boolean', description: 'drop the bench table afterwards' },
    noWrite: { flag: 'no-write', type: 'boolean', description: 'do not write docs/benchmarks.md' },
    mysqlUrl: {
      flag: 'mysql-url',
      env: 'MYSQL_URL',
      description: 'the MySQL server',
      default: 'the local stack',
      example: DEFAULT_MYSQL_URL,
    },
    brokers: {
      flag: 'brokers',
      env: 'KAFKA_BROKERS',
      description: "Kafka, for /api/health's consumer lag (comma-separated)",
      default: DEFAULT_KAFKA_BROKERS,
      example: DEFAULT_KAFKA_BROKERS,
    },
  },
  schema: z.strictObject({
    rows: z.coerce.number().int().min(1).default(1_000_000),
    calls: z.coerce.number().int().min(1).default(20),
    reseed: z.boolean().default(false),
    drop: z.boolean().default(false),
    noWrite: z.boolean().default(false),
    mysqlUrl: z
      .string()
      .regex(/^mysql:\/\/.+/, 'expected a mysql:// URL')
      .default(DEFAULT_MYSQL_URL),
    brokers: z.string().min(1).default(DEFAULT_KAFKA_BROKERS),
  }),
});

const TABLE = 'classifications_bench';
// The default taxonomy's ids.
const topics = (JSON.parse(readFileSync('config/taxonomy.json', 'utf8')) as { topics: Array<{ id: string }> }).topics.map((t) => t.id);
const sentiments = ['negative', 'neutral', 'positive'];
const words =
  'the vaccine lockdown mask test office school flight market booster queue hospital nurse rule news today week city family home work shop rates'.split(
    ' ',
  );

function pick<T>(items: readonly T[], r: number): T {
  return items[Math.floor(r * items.length) % items.length];
}

function syntheticRow(i: number, now: number, spanMs: number): ClassificationRowInput {
  const r = Math.random();
  const classifiedAt = new Date(now - Math.random() * spanMs);
  const text = Array.from({ length: 14 }, () => pick(words, Math.random())).join(' ');
  return {
    tweetId: `b${i}`,
    text: `${text} #${i % 997}`,
    authorHandle: `user${i % 5000}`,
    createdAt: new Date(Date.UTC(2020, 2, 1) + Math.random() * 1000 * 86_400_000),
    classifiedAt,
    writtenAt: new Date(classifiedAt.getTime() + 40),
    sentiment: pick(sentiments, r * r),
    sentimentScore: 0.5 + Math.random() / 2,
    topic: pick(topics, Math.random() * Math.random() * 1.8),
    topicScore: 0.3 + Math.random() * 0.7,
  };
}

async function countRows(pool: Pool): Promise<number> {
  const [rows] = await pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${TABLE}`);
  return Number(rows[0].n);
}

async function seed(pool: Pool, total: number, reseed: boolean): Promise<void> {
  if (reseed) {
    await dropTable(pool, TABLE);
    await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [TABLE]);
  }
  await migrate(pool, TABLE);
  for (const ddl of dashboardIndexDdl(TABLE)) await pool.query(ddl);
  const have = await countRows(pool);
  if (have >= total) return;
  const now = Date.now();
  const started = performance.now();
  for (let start = have; start < total; start += 20_000) {
    const rows = Array.from({ length: Math.min(20_000, total - start) }, (_, k) => syntheticRow(start + k, now, 7 * 86_400_000));
    await insertRows(pool, TABLE, rows, 2000);
    process.stderr.write(`\rseeded ${start + rows.length} rows`);
  }
  process.stderr.write(`\nseeded in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

const cases = [
  'summary?range=15m',
  'summary?range=1h',
  'summary?range=24h',
  'summary?range=all',
  'summary?range=all&topic=vaccines',
  'summary?range=all&sentiment=negative&topic=masks',
  'summary?range=24h&time=created',
  'timeseries?range=15m',
  'timeseries?range=1h',
  'timeseries?range=24h',
  'timeseries?range=all',
  'timeseries?range=all&topic=vaccines',
  'timeseries?range=all&time=created',
  'topics?range=1h',
  'topics?range=24h',
  'topics?range=all',
  'topics?range=all&sentiment=negative',
  'posts?range=all',
  'posts?range=all&topic=masks',
  'posts?range=24h&topic=masks&sentiment=positive',
  'posts?range=all&time=created',
  // Text search ("booster" is in ~46% of the synthetic rows, "t" starts words in ~80%, "123" in ~0.1%).
  'posts?range=all&q=booster',
  'summary?range=1h&q=booster',
  'summary?range=24h&q=booster',
  'summary?range=all&q=booster',
  'timeseries?range=all&q=booster',
  'topics?range=all&q=booster',
  'summary?range=all&q=hospital%20nurse',
  'summary?range=all&q=t',
  'timeseries?range=all&q=t',
  'posts?range=all&q=123',
  'summary?range=all&q=123&topic=masks',
  'summary?range=all&q=zebra',
  'health',
];

interface Timing {
  path: string;
  p50: number;
  p95: number;
  max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function timeCase(base: URL, path: string, calls: number): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < calls + 2; i++) {
    const started = performance.now();
    const response = await fetch(new URL(`/api/${path}`, base));
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    if (i >= 2) samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { path, p50: percentile(samples, 50), p95: percentile(samples, 95), max: samples.at(-1) ?? 0 };
}

// Other work on the machine (test suites, a pipeline) shows in the figures; the header says how busy it was.
const loadAtStart = os.loadavg()[0].toFixed(1);

interface Warmup {
  seconds: number;
  rssMb: number;
}

function table(timings: readonly Timing[], rows: number, calls: number, warmup: Warmup): string {
  const f = (n: number) => n.toFixed(1);
  const lines = timings.map((t) => `| \`/api/${t.path}\` | ${f(t.p50)} | ${f(t.p95)} | ${f(t.max)} | ${t.p95 < 200 ? 'yes' : '**no**'} |`);
  return [
    '## Dashboard API',
    '',
    `Measured by \`npx tsx bench/dashboard-api.ts\` on ${new Date().toISOString().slice(0, 10)}: ${rows.toLocaleString('en-US')} rows in`,
    `\`${TABLE}\` (classified over the last 7 days, posted 2020-2022, 14 topics, 3 sentiments), the dashboard`,
    `server in-process on 127.0.0.1, ${calls} sequential HTTP calls per row after 2 warm-up calls; milliseconds.`,
    `Machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim() ?? 'unknown'}), load average ${loadAtStart} at the start, MariaDB from MYSQL_URL. Target: p95 < 200 ms.`,
    `Warm-up (rollups and the text-search index built from the table): ${warmup.seconds.toFixed(1)} s; bench process RSS after it: ${warmup.rssMb} MB.`,
    '',
    '| call | p50 | p95 | max | < 200 ms |',
    '| --- | ---: | ---: | ---: | --- |',
    ...lines,
    '',
  ].join('\n');
}

async function writeSection(section: string): Promise<void> {
  const file = 'docs/benchmarks.md';
  const current = await readFile(file, 'utf8').catch(() => '# Benchmarks\n\n');
  const start = current.indexOf('## Dashboard API');
  if (start === -1) {
    await writeFile(file, `${current.trimEnd()}\n\n${section}`);
    return;
  }
  const next = current.indexOf('\n## ', start + 1);
  const rest = next === -1 ? '' : `\n${current.slice(next + 1)}`;
  await writeFile(file, `${current.slice(0, start)}${section.trimEnd()}\n${rest}`);
}

async function main(): Promise<void> {
  const values = parseOrExit(dashboardBenchSpec).config;
  const url = values.mysqlUrl;
  // /api/health includes the pipeline's consumer lag, read from this Kafka (cached 2 s).
  const brokers = values.brokers.split(',');
  const { calls } = values;
  const pool = createDbPool(url, { ssl: securityFromEnv().mysql.ssl, connectionLimit: 8, ...DASHBOARD_POOL });
  let dashboard: DashboardServer | undefined;
  try {
    await seed(pool, values.rows, values.reseed);
    const rows = await countRows(pool);
    dashboard = await startDashboard(
      {
        host: '127.0.0.1',
        port: 0,
        mysqlUrl: url,
        table: TABLE,
        pollMs: 500,
        rollupRefreshMs: 60_000,
        searchRebuildMs: 600_000,
        metricsUrls: [],
        brokers,
        lagGroups: defaultLagGroups,
      },
      { security: securityFromEnv(), db: pool },
    );
    const warmStarted = performance.now();
    await dashboard.warm();
    const warmup = { seconds: (performance.now() - warmStarted) / 1000, rssMb: Math.round(process.memoryUsage().rss / 1e6) };
    console.log(`warm-up ${warmup.seconds.toFixed(1)} s, rss ${warmup.rssMb} MB`);
    const timings: Timing[] = [];
    for (const path of cases) {
      const timing = await timeCase(dashboard.url, path, calls);
      console.log(`${path.padEnd(52)} p50 ${timing.p50.toFixed(1).padStart(7)} ms  p95 ${timing.p95.toFixed(1).padStart(7)} ms`);
      timings.push(timing);
    }
    if (!values.noWrite) await writeSection(table(timings, rows, calls, warmup));
  } finally {
    await dashboard?.close();
    if (values.drop) {
      await dropTable(pool, TABLE);
      await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [TABLE]);
    }
    await pool.end();
  }
}

await main();
