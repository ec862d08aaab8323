import { randomBytes } from 'node:crypto';
import type { Pool } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import type { DashboardConfig } from '../../src/dashboard/config.ts';
import type { ClassificationRowInput } from '../../src/dashboard/insert-rows.ts';
import { dashboardIndexDdl, migrate } from '../../src/db/migrations.ts';
import { createDbPool, DASHBOARD_POOL } from '../../src/db/pool.ts';
import { dropTable } from '../../src/db/table.ts';
import { ensureStack } from '../helpers/stack.ts';

/**
 * Shared by the dashboard suites: a private copy of the classifications table per test file,
 * in the MySQL of MYSQL_URL or else the project's stack (brought up by the shared helper).
 */
export async function testMysqlUrl(): Promise<string> {
  return process.env.MYSQL_URL ?? (await ensureStack()).mysqlUrl;
}

export interface TestTable {
  url: string;
  pool: Pool;
  table: string;
  drop(): Promise<void>;
}

/** A dashboard on an ephemeral port over `db`'s table, no metrics or lag sources unless `extra` names them. */
export function dashboardConfig(db: TestTable, extra: Partial<DashboardConfig> = {}): DashboardConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    mysqlUrl: db.url,
    table: db.table,
    pollMs: 200,
    rollupRefreshMs: 60_000,
    searchRebuildMs: 600_000,
    metricsUrls: [],
    brokers: [],
    lagGroups: [],
    ...extra,
  };
}

export async function createTestTable(): Promise<TestTable> {
  const url = await testMysqlUrl();
  const pool = createDbPool(url, { ssl: securityFromEnv().mysql.ssl, connectionLimit: 4, ...DASHBOARD_POOL });
  const table = `classifications_t${randomBytes(4).toString('hex')}`;
  await migrate(pool, table);
  for (const ddl of dashboardIndexDdl(table)) await pool.query(ddl);
  return {
    url,
    pool,
    table,
    async drop() {
      await dropTable(pool, table);
      await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [table]);
      await pool.end();
    },
  };
}

const samples: ReadonlyArray<[string, string, string]> = [
  ['Got my second dose this morning, the nurses at the community centre were wonderful', 'vaccines', 'positive'],
  ['Booster appointments fully booked again for the next three weeks. Frustrating.', 'vaccines', 'negative'],
  ['Pharmacies now list walk-in vaccine hours on the county site', 'vaccines', 'neutral'],
  ['Another two weeks of lockdown announced. Small shops will not survive this.', 'lockdowns', 'negative'],
  ['Lockdown walks have become the best part of my day honestly', 'lockdowns', 'positive'],
  ['Stay-at-home order extended to the end of the month, details at 5pm', 'lockdowns', 'neutral'],
  ['Masks are still required on public transport from Monday', 'masks', 'neutral'],
  ['People wearing masks under their noses on the train, every single day', 'masks', 'negative'],
  ['My kid decorated her own mask for school and she is so proud', 'masks', 'positive'],
  ['Waited four hours at the drive-through test site, no results yet', 'testing_cases', 'negative'],
  ['Free rapid tests arrived in the mail today, great programme', 'testing_cases', 'positive'],
  ['Lost my sense of taste on day three, everything tastes like cardboard', 'healthcare', 'negative'],
  ['Mild fever gone after two days, feeling much better now', 'healthcare', 'positive'],
  ['Flight cancelled for the third time, airline will not refund', 'travel', 'negative'],
  ['Borders reopen to vaccinated travellers next week', 'travel', 'neutral'],
  ['Finally seeing my parents after 18 months apart!', 'travel', 'positive'],
  ['Unemployment claims rose again this quarter', 'economy_jobs', 'negative'],
  ['Local bakery pivoted to delivery and is doing better than ever', 'economy_jobs', 'positive'],
  ['Laid off today after nine years. Not sure what comes next.', 'economy_jobs', 'negative'],
  ['Remote work means I get to see my kids at lunch every day', 'economy_jobs', 'positive'],
  ['Schools move to hybrid learning from next term', 'education', 'neutral'],
  ['Teachers are doing an incredible job with online classes', 'education', 'positive'],
  ['Isolation is getting to me, reaching out to friends helps a little', 'mental_health', 'negative'],
  ['Started therapy over video calls and it has really helped', 'mental_health', 'positive'],
  ['Press conference on the new relief package at noon', 'politics', 'neutral'],
  ['Lawmakers still arguing while hospitals run out of beds', 'politics', 'negative'],
  ['No, drinking hot water does not kill the virus. Please stop sharing that.', 'misinformation', 'negative'],
  ['Thread debunking the five most shared vaccine myths this week', 'misinformation', 'positive'],
  ['ICU nurses working triple shifts, please stay home if you can', 'healthcare', 'negative'],
  ['Clapping for our healthcare workers at 8pm tonight', 'healthcare', 'positive'],
  ['Sourdough attempt number twelve. Still flat.', 'daily_life', 'neutral'],
  ['The neighbourhood started a balcony concert every Friday', 'daily_life', 'positive'],
  ['New study suggests the booster keeps protection high for at least six months', 'science_research', 'positive'],
  ['Preprint on transmission in classrooms is out, the sample size is small though', 'science_research', 'neutral'],
  ['Stadiums at half capacity this weekend, fans are just happy to be back', 'sports_entertainment', 'positive'],
  ['Another festival cancelled for the second summer in a row', 'sports_entertainment', 'negative'],
];
const handles = ['maria_k', 'dr_okafor', 'jtan', 'lena.w', 'citynews', 'sam_r', 'priya', 'tom_h', 'nurse_ella', 'ahmed'];

/** Deterministic pseudo-random numbers in [0, 1), so fixtures and the screenshot are stable. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Realistic rows classified within the last `spanMs` (oldest first), posted in 2020-2022, with
 * an uneven arrival rate so charts look like a real stream.
 */
export function realisticRows(count: number, prefix: string, now = Date.now(), spanMs = 50 * 60_000): ClassificationRowInput[] {
  const random = seeded(count * 31 + prefix.length);
  return Array.from({ length: count }, (_, i) => {
    const [text, topic, sentiment] = samples[Math.floor(random() * samples.length)];
    const u = (i + 1) / count;
    const warped = u + 0.04 * Math.sin(2 * Math.PI * 3 * u);
    const classifiedAt = new Date(now - spanMs + warped * spanMs - 1000);
    return {
      tweetId: `${prefix}${i}`,
      text,
      authorHandle: handles[Math.floor(random() * handles.length)],
      createdAt: new Date(Date.UTC(2020, 2, 1) + random() * 900 * 86_400_000),
      classifiedAt,
      writtenAt: new Date(classifiedAt.getTime() + 30 + Math.floor(random() * 60)),
      sentiment,
      sentimentScore: 0.55 + random() * 0.44,
      topic,
      topicScore: 0.35 + random() * 0.6,
    };
  });
}

export function row(overrides: Partial<ClassificationRowInput> & { tweetId: string }): ClassificationRowInput {
  const now = new Date();
  return {
    text: 'a post',
    createdAt: now,
    classifiedAt: now,
    sentiment: 'neutral',
    sentimentScore: 0.9,
    topic: 'daily_life',
    topicScore: 0.8,
    ...overrides,
  };
}
