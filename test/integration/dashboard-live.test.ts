/**
 * Issue 6 acceptance: a post produced into Kafka appears in the live feed and in the counts
 * within 5 s, without a reload. The real pipeline runs in-process on its own topics, groups
 * and table (produce -> classify with the real model -> sink into MySQL), the dashboard reads
 * that table, and Debian's Chromium watches the page.
 *   node --import tsx --test test/integration/dashboard-live.test.ts
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Page } from 'playwright-core';
import { classify } from '../../src/classify/app.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import type { DashboardServer } from '../../src/dashboard/server.ts';
import { startDashboard } from '../../src/dashboard/server.ts';
import { migrate } from '../../src/db/migrations.ts';
import { createDbPool, DASHBOARD_POOL } from '../../src/db/pool.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import type { TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { loadClassifier } from '../../src/nlp/serve/classifier.ts';
import { produce } from '../../src/produce/app.ts';
import { sink } from '../../src/sink/app.ts';
import type { StageConfigs } from '../../src/start/stage-configs.ts';
import { isolatedStageFlags, stageConfigs } from '../../src/start/stage-configs.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import type { TestBrowser } from '../dashboard/browser.ts';
import { launchBrowser, shownPosts, waitForPosts } from '../dashboard/browser.ts';
import { arraySource } from '../helpers/array-source.ts';
import { createTopics, deleteTopics, pipelineNames, uniqueSuffix } from '../helpers/pipeline-env.ts';
import { ensureStack } from '../helpers/stack.ts';

const names = pipelineNames('dlive');
const topics = [names.raw, names.classified, names.rawDlq, names.classifiedDlq];
const logger = createLogger('dashboard-live-test');
const stop = new AbortController();
const within5s = 5000;

let configs: StageConfigs;
let classifier: TextClassifier;
let pool: Pool;
let stages: Promise<unknown> | undefined;
let server: DashboardServer;
let browser: TestBrowser;
let page: Page;

const post = (id: string, text: string) => ({
  id,
  text,
  created_at: new Date().toISOString(),
  author: { id: 'u-live', handle: 'live_tester' },
  lang: 'en',
});

function send(value: ReturnType<typeof post>) {
  return produce(configs.produce, {
    security: securityFromEnv(),
    signal: new AbortController().signal,
    logger,
    metrics: new MetricsRegistry(),
    source: arraySource([value]),
  });
}

function feedText(text: string) {
  return page.locator('[data-testid="feed-item"]').filter({ has: page.getByTestId('feed-text').getByText(text, { exact: true }) });
}

before(async () => {
  const stack = await ensureStack();
  configs = stageConfigs(stack, isolatedStageFlags(names));
  await ensureModels({ logger });
  classifier = await loadClassifier({});
  await createTopics(topics);
  pool = createDbPool(stack.mysqlUrl, { ssl: securityFromEnv().mysql.ssl, connectionLimit: 2, ...DASHBOARD_POOL });
  await migrate(pool, names.table); // the sink migrates too; the dashboard needs the table before the first row
  const deps = { signal: stop.signal, logger };
  stages = Promise.all([
    classify(configs.classify, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry(), classifier }),
    sink(configs.sink, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry() }),
  ]);
  server = await startDashboard(
    {
      host: '127.0.0.1',
      port: 0,
      mysqlUrl: stack.mysqlUrl,
      table: names.table,
      pollMs: 500,
      rollupRefreshMs: 60_000,
      searchRebuildMs: 600_000,
      metricsUrls: [],
      brokers: [...stack.kafkaBrokers],
      lagGroups: [`${names.classifyGroup}=${names.raw}`, `${names.sinkGroup}=${names.classified}`],
    },
    { security: securityFromEnv() },
  );
  browser = await launchBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
  stop.abort();
  await stages;
  await classifier?.close();
  await pool?.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
  await pool?.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
  await pool?.end();
  await deleteTopics(topics);
});

test('a post produced into Kafka shows in the live feed and the counts within 5 s, without a reload', async () => {
  await page.goto(server.url.href);
  await page.locator('body[data-loaded="true"]').waitFor({ timeout: within5s });
  await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor({ timeout: within5s });
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 7;
  });

  // Warm-up: the consumers join their groups and the model runs once; not part of the 5 s.
  const warmUp = `warm-up post ${uniqueSuffix()}: the stadium reopened and the crowd was happy`;
  await send(post(`live-warm-${uniqueSuffix()}`, warmUp));
  await feedText(warmUp).waitFor({ timeout: 120_000 });
  await waitForPosts(page, 1, 10_000);

  const before = await shownPosts(page);
  const id = `live-${uniqueSuffix()}`;
  const text = `Live test ${id}: got my booster this morning, the nurses were wonderful and the queue was short`;
  const stats = await send(post(id, text));
  assert.equal(stats.produced, 1);
  // The clock starts when produce() has the broker's acknowledgement.
  const deadline = Date.now() + within5s;
  await feedText(text).waitFor({ timeout: within5s });
  await waitForPosts(page, before + 1, Math.max(1, deadline - Date.now()));
  logger.info('post in the feed and the counts', { ms: within5s - (deadline - Date.now()) });

  const [rows] = await pool.query<RowDataPacket[]>(`SELECT sentiment, sentiment_score, topic FROM ${names.table} WHERE tweet_id = ?`, [id]);
  assert.equal(rows.length, 1, 'the sink wrote the post');
  const item = page.locator(`[data-testid="feed-item"][data-id="${id}"]`);
  assert.equal(
    await item.getByTestId('feed-sentiment').textContent(),
    `${rows[0].sentiment} ${Number(rows[0].sentiment_score).toFixed(2)}`,
  );
  assert.match((await item.getByTestId('feed-topic').textContent()) ?? '', new RegExp(`^${rows[0].topic} `));
  assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 7, 'the page was not reloaded');
  assert.deepEqual(browser.pageErrors, []);
});

test("the health panel shows the lag of this pipeline's groups, read from Kafka", async () => {
  const rows = page.getByTestId('lag-group');
  await rows.first().waitFor({ timeout: within5s });
  assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-group'))), [names.classifyGroup, names.sinkGroup]);
  // Both posts were consumed and committed by each stage: once health refreshes, nothing is left.
  await page.waitForFunction(
    () => [...document.querySelectorAll('[data-testid="lag-group"]')].every((e) => e.getAttribute('data-lag') === '0'),
    undefined,
    { timeout: 15_000 },
  );
});
