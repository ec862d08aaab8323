/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, against a real
 * MySQL (MYSQL_URL, else the project stack) and its own copy of the classifications table.
 *   node --import tsx --test test/integration/dashboard.test.ts
 * UPDATE_SCREENSHOT=1 also writes docs/img/dashboard.png (committed; normal runs leave it alone).
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import type { Page } from 'playwright-core';
import { securityFromEnv } from '../../src/config/security.ts';
import type { DashboardConfig } from '../../src/dashboard/config.ts';
import { defaultLagGroups } from '../../src/dashboard/config.ts';
import { insertRows } from '../../src/dashboard/insert-rows.ts';
import { queryWords, searchSql } from '../../src/dashboard/search-text.ts';
import type { DashboardServer } from '../../src/dashboard/server.ts';
import { startDashboard } from '../../src/dashboard/server.ts';
import type { HealthServer } from '../../src/telemetry/health-server.ts';
import { startHealthServer } from '../../src/telemetry/health-server.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import type { TestBrowser } from '../dashboard/browser.ts';
import { launchBrowser, shownPosts as shownOn, waitForPosts as waitOn } from '../dashboard/browser.ts';
import type { TestTable } from '../dashboard/fixtures.ts';
import { createTestTable, dashboardConfig, realisticRows, row } from '../dashboard/fixtures.ts';
import { ensureStack } from '../helpers/stack.ts';

const within = { timeout: 5000 };

let db: TestTable;
let server: DashboardServer;
let browser: TestBrowser;
let page: Page;
const stages: HealthServer[] = [];
let activity: NodeJS.Timeout | undefined;
let brokers: string[];

function config(extra: Partial<DashboardConfig> = {}): DashboardConfig {
  const metricsUrls = [`classify=http://127.0.0.1:${stages[0].port}/metrics`, `sink=http://127.0.0.1:${stages[1].port}/metrics`];
  return dashboardConfig(db, { pollMs: 500, metricsUrls, brokers, lagGroups: defaultLagGroups, ...extra });
}

/** The classify and sink stages' real metrics endpoints, with counters that keep moving. */
async function startStages(): Promise<void> {
  const classify = new MetricsRegistry();
  const sink = new MetricsRegistry();
  const consumed = classify.counter('records_consumed_total', 'consumed');
  const classified = classify.counter('records_classified_total', 'classified');
  const batchMs = classify.histogram('model_batch_ms', 'model time per batch', [10, 50, 100]);
  classify.counter('dead_letters_total', 'dead letters').inc({}, 3);
  const written = sink.counter('rows_written_total', 'rows written');
  sink.counter('dead_letters_total', 'dead letters');
  activity = setInterval(() => {
    consumed.inc({}, 16);
    classified.inc({}, 16);
    batchMs.observe(38 + Math.random() * 10);
    written.inc({}, 16);
  }, 200);
  for (const metrics of [classify, sink])
    stages.push(await startHealthServer({ host: '127.0.0.1', port: 0, metrics, healthy: () => ({ ok: true }) }));
}

async function count(where = '1 = 1', params: unknown[] = []): Promise<number> {
  const [rows] = await db.pool.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${db.table} WHERE ${where}`, params);
  return Number(rows[0].n);
}

const shownPosts = () => shownOn(page);
const waitForPosts = (expected: number) => waitOn(page, expected);

function feedItem(id: string) {
  return page.locator(`[data-testid="feed-item"][data-id="${id}"]`);
}

before(async () => {
  db = await createTestTable();
  brokers = [...(await ensureStack()).kafkaBrokers];
  await startStages();
  await insertRows(db.pool, db.table, realisticRows(900, 'p', Date.now(), 55 * 60_000));
  await insertRows(db.pool, db.table, realisticRows(300, 'old', Date.now() - 55 * 60_000, 3 * 3_600_000));
  server = await startDashboard(config(), { security: securityFromEnv(), db: db.pool });
  browser = await launchBrowser();
  page = browser.page;
});

after(async () => {
  await browser?.close();
  await server?.close();
  await db?.drop();
  clearInterval(activity);
  await Promise.all(stages.map((stage) => stage.close()));
});

describe('dashboard in Chromium', () => {
  test('the page loads with numbers that match MySQL', async () => {
    await page.goto(server.url.href);
    await page.locator('body[data-loaded="true"]').waitFor(within);
    const total = await count();
    assert.equal(await shownPosts(), total);
    assert.equal(await page.getByTestId('kpi-negative').textContent(), (await count("sentiment = 'negative'")).toLocaleString('en-US'));
    assert.equal(Number(await page.getByTestId('chart-topics').getAttribute('data-total')), total);
    assert.equal(Number(await page.getByTestId('chart-matrix').getAttribute('data-total')), total);
    assert.equal(Number(await page.getByTestId('chart-timeseries').getAttribute('data-total')), total);
    assert.equal(await page.getByTestId('feed-item').count(), 50);
    await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor(within);
    await page
      .getByTestId('health-rows')
      .filter({ hasText: total.toLocaleString('en-US') })
      .waitFor(within);
    await page.getByTestId('health-live').filter({ hasText: /^1 · / }).waitFor(within);
    await page
      .locator('[data-testid="stage"]:has-text("sink")')
      .filter({ hasText: /rows_written_total[\d,]+ · [1-9][\d.]*\/s/ })
      .waitFor({ timeout: 12_000 });
    assert.deepEqual(await page.locator('[data-testid="stage"] .pill-text').allTextContents(), ['up', 'up']);
    // The stack's own groups: a number each (whatever their lag), read from Kafka.
    assert.deepEqual(await page.getByTestId('lag-group').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-group'))), [
      'streamsense-classify',
      'streamsense-sink',
    ]);
    for (const lag of await page.getByTestId('lag-group').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-lag'))))
      assert.match(lag ?? '', /^\d+$/);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      await mkdir('docs/img', { recursive: true });
      await page.screenshot({ path: 'docs/img/dashboard.png', fullPage: true });
    }
  });

  test('a newly written row reaches the live feed and the counts without a reload', async () => {
    const before = await count();
    await page.evaluate(() => {
      (window as unknown as { marker: number }).marker = 42;
    });
    await insertRows(db.pool, db.table, [
      row({ tweetId: 'live-1', text: 'Just got my booster, queue was short', topic: 'vaccines', sentiment: 'positive' }),
    ]);
    await feedItem('live-1').waitFor(within);
    await waitForPosts(before + 1);
    assert.equal(await feedItem('live-1').getByTestId('feed-sentiment').textContent(), 'positive 0.90');
    assert.equal(await page.evaluate(() => (window as unknown as { marker?: number }).marker), 42, 'the page was reloaded');
  });

  test('topic, sentiment, range and search controls change what the charts show', async () => {
    await page.getByTestId('topic-filter').selectOption('masks');
    await waitForPosts(await count("topic = 'masks'"));
    assert.equal(await page.getByTestId('chart-topics').getAttribute('data-labels'), 'masks');
    assert.equal(Number(await page.getByTestId('chart-timeseries').getAttribute('data-total')), await count("topic = 'masks'"));
    for (const topic of await page.getByTestId('feed-topic').allTextContents()) assert.match(topic, /^masks /);

    await page.getByTestId('sentiment-filter').selectOption('negative');
    await waitForPosts(await count("topic = 'masks' AND sentiment = 'negative'"));
    assert.equal(await page.getByTestId('chart-matrix').getAttribute('data-series'), 'negative');

    await page.getByTestId('topic-filter').selectOption('');
    await page.getByTestId('sentiment-filter').selectOption('');
    await page.locator('[data-range="1h"]').click();
    await waitForPosts(await count('classified_at >= UTC_TIMESTAMP(3) - INTERVAL 1 HOUR'));
    assert.ok((await shownPosts()) < (await count()));
    assert.match(page.url(), /range=1h/);

    await page.getByTestId('search').fill('booster');
    const booster = searchSql(queryWords('booster'));
    await waitForPosts(await count(`classified_at >= UTC_TIMESTAMP(3) - INTERVAL 1 HOUR AND ${booster.sql}`, booster.params));
    await page.getByTestId('search').fill('');
    await page.locator('[data-range="all"]').click();
    await waitForPosts(await count());
  });

  test('markup in a post is shown as text and never runs', async () => {
    const payload = '<img src=x onerror=alert(1)>';
    await insertRows(db.pool, db.table, [row({ tweetId: 'xss-1', text: payload, topic: 'misinformation', sentiment: 'negative' })]);
    await feedItem('xss-1').waitFor(within);
    assert.equal(await feedItem('xss-1').getByTestId('feed-text').textContent(), payload);
    assert.equal(await page.locator('[data-testid="feed"] img').count(), 0);
    await page.getByTestId('search').fill('onerror');
    await page.locator('[data-testid="feed-item"][data-id="xss-1"]:only-child').waitFor(within);
    await page.getByTestId('search').fill('');
    await page.waitForTimeout(500); // give a late onerror handler every chance to fire before checking
    assert.deepEqual(browser.dialogs, []);
  });

  test('the page keeps working after the server restarts', async () => {
    const port = Number(server.url.port);
    await server.close();
    await page.getByTestId('connection').and(page.locator('[data-state="reconnecting"]')).waitFor(within);
    server = await startDashboard(config({ port }), { security: securityFromEnv(), db: db.pool });
    await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor({ timeout: 20_000 });
    const before = await count();
    await insertRows(db.pool, db.table, [row({ tweetId: 'after-restart', text: 'still here after a restart', topic: 'daily_life' })]);
    await feedItem('after-restart').waitFor(within);
    await waitForPosts(before + 1);
  });

  test('no script errors or CSP violations happened', () => {
    assert.deepEqual(browser.pageErrors, []);
  });
});

describe('dashboard with an access token', () => {
  let guarded: DashboardServer;
  const token = 'browser-token-abcdef';
  before(async () => {
    guarded = await startDashboard(config({ token }), { security: securityFromEnv(), db: db.pool });
  });
  after(async () => guarded?.close());

  test('without the token the page is 401; opening it with ?token= works and stays live', async () => {
    const denied = await page.goto(guarded.url.href);
    assert.equal(denied?.status(), 401);
    await page.goto(new URL(`/?token=${token}`, guarded.url).href);
    await page.locator('body[data-loaded="true"]').waitFor(within);
    assert.equal(new URL(page.url()).search, '', 'the token is not left in the address bar');
    assert.equal(await shownPosts(), await count());
    await page.getByTestId('connection').and(page.locator('[data-state="live"]')).waitFor(within);
  });
});
