/**
 * Dashboard JSON API and SSE stream against a real MySQL (MYSQL_URL, else the project stack),
 * each run on its own copy of the classifications table. Run:
 *   node --import tsx --test test/integration/dashboard-api.test.ts
 */
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import type { DashboardConfig } from '../../src/dashboard/config.ts';
import { insertRows } from '../../src/dashboard/insert-rows.ts';
import { queryWords, searchSql } from '../../src/dashboard/search-text.ts';
import type { DashboardServer } from '../../src/dashboard/server.ts';
import { startDashboard } from '../../src/dashboard/server.ts';
import { createKafka, producerDefaults } from '../../src/kafka/client.ts';
import { startHealthServer } from '../../src/telemetry/health-server.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import type { TestTable } from '../dashboard/fixtures.ts';
import { createTestTable, dashboardConfig, realisticRows, row } from '../dashboard/fixtures.ts';
import { createTopics, deleteTopics, uniqueSuffix, withAdmin } from '../helpers/pipeline-env.ts';
import { ensureStack } from '../helpers/stack.ts';

let db: TestTable;
let server: DashboardServer;

const config = (extra: Partial<DashboardConfig> = {}) => dashboardConfig(db, extra);

// biome-ignore lint/suspicious/noExplicitAny: the tests read each endpoint's wire JSON loosely, field by field, as the browser app does
async function getJson(path: string, init?: RequestInit): Promise<any> {
  const response = await fetch(new URL(path, server.url), init);
  assert.equal(response.status, 200, `${path}: ${response.status} ${await response.clone().text()}`);
  return response.json();
}

async function sql(query: string, params: unknown[] = []): Promise<RowDataPacket[]> {
  const [rows] = await db.pool.query<RowDataPacket[]>(query.replaceAll('$t', db.table), params);
  return rows;
}

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000);

before(async () => {
  db = await createTestTable();
  await insertRows(db.pool, db.table, realisticRows(120, 'r', Date.now() - 2 * 3_600_000, 3_600_000));
  await insertRows(db.pool, db.table, [
    row({
      tweetId: 'w20',
      text: 'twenty minutes ago',
      classifiedAt: minutesAgo(20),
      createdAt: new Date('2023-06-01T12:00:00Z'),
      topic: 'masks',
    }),
    row({
      tweetId: 'w10',
      text: 'save 50% now',
      classifiedAt: minutesAgo(10),
      createdAt: new Date('2023-06-01T11:00:00Z'),
      topic: 'masks',
      sentiment: 'positive',
    }),
    row({
      tweetId: 'w1',
      text: 'save 500 now',
      classifiedAt: minutesAgo(1),
      createdAt: new Date('2023-05-20T00:00:00Z'),
      topic: 'economy_jobs',
      sentiment: 'negative',
    }),
  ]);
  server = await startDashboard(config(), { security: securityFromEnv(), db: db.pool });
});

after(async () => {
  await server?.close();
  await db?.drop();
});

describe('summary, topics, timeseries and posts agree with MySQL', () => {
  test('summary counts match SQL', async () => {
    const s = await getJson('/api/summary');
    const [total] = await sql('SELECT COUNT(*) AS n FROM $t');
    const bySentiment = await sql('SELECT sentiment, COUNT(*) AS n FROM $t GROUP BY sentiment');
    const byTopic = await sql('SELECT topic, COUNT(*) AS n FROM $t GROUP BY topic');
    assert.equal(s.posts, Number(total.n));
    assert.equal(s.totalPosts, Number(total.n));
    assert.deepEqual(s.bySentiment, Object.fromEntries(bySentiment.map((r) => [r.sentiment, Number(r.n)])));
    assert.deepEqual(s.byTopic, Object.fromEntries(byTopic.map((r) => [r.topic, Number(r.n)])));
    assert.equal(s.lastPostAt, '2023-06-01T12:00:00.000Z');
  });

  test('range counts back from now on the classified axis', async () => {
    const s = await getJson('/api/summary?range=15m');
    assert.equal(s.posts, 2);
    assert.equal((await getJson('/api/summary?range=1h')).posts, 3);
    assert.ok(Date.parse(s.to) - Date.parse(s.from) === 15 * 60_000);
  });

  test('on the created axis, ranges count back from the newest post', async () => {
    const s = await getJson('/api/summary?range=24h&time=created');
    assert.equal(s.to, '2023-06-01T12:00:00.000Z');
    assert.equal(s.posts, 2);
  });

  test('topic, sentiment and search filters narrow the counts', async () => {
    const [masks] = await sql("SELECT COUNT(*) AS n FROM $t WHERE topic = 'masks'");
    assert.equal((await getJson('/api/summary?topic=masks')).posts, Number(masks.n));
    const [negMasks] = await sql("SELECT COUNT(*) AS n FROM $t WHERE topic = 'masks' AND sentiment = 'negative'");
    assert.equal((await getJson('/api/summary?topic=masks&sentiment=negative')).posts, Number(negMasks.n));
    // Search words match word starts (docs/dashboard.md, "Text search"): 50 finds 50% and 500.
    const found = await getJson(`/api/posts?q=${encodeURIComponent('50%')}`);
    assert.deepEqual(
      found.posts.map((p: { id: string }) => p.id),
      ['w1', 'w10'],
    );
    assert.equal((await getJson('/api/summary?q=save%205')).posts, 2);
    assert.equal((await getJson('/api/summary?q=now%20save%20500')).posts, 1);
    assert.equal((await getJson(`/api/summary?q=${encodeURIComponent("zq' OR 'x'='x")}`)).posts, 0);
  });

  test('topics: distribution and topic x sentiment matrix sum to the summary', async () => {
    const t = await getJson('/api/topics?range=all');
    const s = await getJson('/api/summary?range=all');
    assert.equal(
      t.topics.reduce((n: number, r: { total: number }) => n + r.total, 0),
      s.posts,
    );
    for (const r of t.topics)
      assert.equal(
        Object.values(r.bySentiment as Record<string, number>).reduce((a, b) => a + b, 0),
        r.total,
      );
    assert.deepEqual(t.known.sentiments, ['negative', 'neutral', 'positive']);
    assert.ok(t.known.topics.includes('vaccines'));
    assert.ok(t.topics[0].total >= t.topics.at(-1).total);
  });

  test('timeseries buckets by minute for an hour and sums to the range count', async () => {
    const ts = await getJson('/api/timeseries?range=1h');
    assert.equal(ts.bucketSeconds, 60);
    assert.ok(ts.buckets.length >= 60 && ts.buckets.length <= 62);
    const sum = Object.values(ts.series as Record<string, number[]>)
      .flat()
      .reduce((a, b) => a + b, 0);
    assert.equal(sum, 3);
    const all = await getJson('/api/timeseries?range=all');
    assert.equal(
      Object.values(all.series as Record<string, number[]>)
        .flat()
        .reduce((a, b) => a + b, 0),
      123,
    );
    assert.ok(all.buckets.length <= 121);
  });

  test('posts come newest first, limited, with labels and scores', async () => {
    const p = await getJson('/api/posts?limit=2');
    assert.deepEqual(
      p.posts.map((x: { id: string }) => x.id),
      ['w1', 'w10'],
    );
    assert.deepEqual(Object.keys(p.posts[0]).sort(), [
      'author',
      'classifiedAt',
      'createdAt',
      'id',
      'labelStatus',
      'platform',
      'sentiment',
      'sentimentScore',
      'text',
      'topic',
      'topicScore',
      'url',
      'writtenAt',
    ]);
    assert.equal(p.posts[0].sentiment, 'negative');
  });

  test('health reports the database, row count and write times', async () => {
    const h = await getJson('/api/health');
    assert.equal(h.ok, true);
    assert.equal(h.rows, 123);
    assert.equal(h.table, db.table);
    assert.ok(h.lastWriteAt);
    assert.ok(h.writeLagMs >= 0);
  });
});

describe('filters mean the same on every endpoint', () => {
  // biome-ignore lint/suspicious/noExplicitAny: one endpoint's wire JSON, as getJson returns it
  const total = (path: string, body: any): number => {
    if (path === 'summary') return body.posts;
    if (path === 'topics') return body.topics.reduce((n: number, r: { total: number }) => n + r.total, 0);
    if (path === 'timeseries')
      return Object.values(body.series as Record<string, number[]>)
        .flat()
        .reduce((a, b) => a + b, 0);
    return body.posts.length;
  };
  const endpoints = ['summary', 'topics', 'timeseries', 'posts'];

  test('sentiment and topic in any case count the same posts everywhere, and as SQL does', async () => {
    for (const [query, topic, sentiment] of [
      ['sentiment=POSITIVE', null, 'positive'],
      ['topic=MASKS', 'masks', null],
      ['topic=Economy_Jobs&sentiment=Negative', 'economy_jobs', 'negative'],
    ] as const) {
      const conds = ['1 = 1'];
      const values: string[] = [];
      if (topic) {
        conds.push('topic = ?');
        values.push(topic);
      }
      if (sentiment) {
        conds.push('sentiment = ?');
        values.push(sentiment);
      }
      const [expected] = await sql(`SELECT COUNT(*) AS n FROM $t WHERE ${conds.join(' AND ')}`, values);
      assert.ok(Number(expected.n) > 0 && Number(expected.n) <= 200, `${query}: the fixture has some such posts`);
      for (const range of ['all', '24h']) {
        for (const path of endpoints) {
          const body = await getJson(`/api/${path}?${query}&range=${range}&limit=200`);
          const [inRange] =
            range === 'all'
              ? [expected]
              : await sql(`SELECT COUNT(*) AS n FROM $t WHERE ${conds.join(' AND ')} AND classified_at >= ?`, [
                  ...values,
                  new Date(body.from),
                ]);
          assert.equal(total(path, body), Number(inRange.n), `/api/${path}?${query}&range=${range}`);
        }
      }
    }
  });

  test('a sentiment outside the three labels or a malformed topic is 400 on every endpoint', async () => {
    for (const query of ['sentiment=happy', 'sentiment=POSITIVE%20OR%201', 'topic=masks%27%20OR%20%271']) {
      for (const path of endpoints) {
        const response = await fetch(new URL(`/api/${path}?${query}`, server.url));
        assert.equal(response.status, 400, `/api/${path}?${query}`);
        assert.equal((await response.json()).error.code, 'INVALID_INPUT');
      }
    }
  });
});

describe('HTTP behaviour', () => {
  test('bad parameters are 400, unknown paths 404, writes 405', async () => {
    assert.equal((await fetch(new URL('/api/summary?range=2d', server.url))).status, 400);
    assert.equal((await fetch(new URL('/api/nope', server.url))).status, 404);
    assert.equal((await fetch(new URL('/api/summary', server.url), { method: 'POST' })).status, 405);
  });

  test('the page and Chart.js come from our server with a strict CSP', async () => {
    const page = await fetch(server.url);
    assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
    assert.match(await page.text(), /<script src="\/vendor\/chart.umd.js"/);
    const chart = await fetch(new URL('/vendor/chart.umd.js', server.url));
    assert.equal(chart.status, 200);
    assert.match(chart.headers.get('content-type') ?? '', /javascript/);
    assert.match((await chart.text()).slice(0, 200), /Chart\.js v4/);
  });

  test('a foreign Host header is refused (DNS rebinding)', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(new URL('/api/summary', server.url), { headers: { host: 'evil.example:80' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    assert.equal(status, 421);
  });

  test('the stream pushes a newly written row', async () => {
    const controller = new AbortController();
    const response = await fetch(new URL('/api/stream', server.url), { signal: controller.signal });
    assert.equal(response.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const first = await reader.read();
    text += decoder.decode(first.value);
    assert.match(text, /retry: 1000\nevent: hello/);
    await insertRows(db.pool, db.table, [row({ tweetId: 'sse-1', text: 'pushed live', topic: 'travel' })]);
    while (!text.includes('"sse-1"')) {
      const chunk = await reader.read();
      assert.equal(chunk.done, false, 'stream ended before the row arrived');
      text += decoder.decode(chunk.value);
    }
    assert.match(text, /event: posts\ndata: \[.*"text":"pushed live"/);
    controller.abort();
    await db.pool.query(`DELETE FROM ${db.table} WHERE tweet_id = 'sse-1'`);
  });
});

describe('access token', () => {
  let guarded: DashboardServer;
  const token = 'test-token-123456';
  before(async () => {
    guarded = await startDashboard(config({ token }), { security: securityFromEnv(), db: db.pool });
  });
  after(async () => guarded?.close());

  test('requests without the token get 401, on every path', async () => {
    for (const path of ['/', '/app.js', '/vendor/chart.umd.js', '/api/summary', '/api/health', '/api/stream']) {
      const response = await fetch(new URL(path, guarded.url));
      assert.equal(response.status, 401, path);
      await response.body?.cancel();
    }
    const wrong = await fetch(new URL('/api/summary', guarded.url), { headers: { authorization: 'Bearer wrong-token-xx' } });
    assert.equal(wrong.status, 401);
  });

  test('bearer header and ?token= are accepted; opening the page with ?token= sets a cookie', async () => {
    assert.equal((await fetch(new URL('/api/summary', guarded.url), { headers: { authorization: `Bearer ${token}` } })).status, 200);
    assert.equal((await fetch(new URL(`/api/summary?token=${token}`, guarded.url))).status, 200);
    const page = await fetch(new URL(`/?token=${token}`, guarded.url), { redirect: 'manual' });
    assert.equal(page.status, 303);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0];
    assert.match(cookie, /^streamsense_dashboard_token=/);
    assert.equal((await fetch(new URL('/api/topics', guarded.url), { headers: { cookie } })).status, 200);
  });
});

describe('pipeline metrics in /api/health', () => {
  test('stages are scraped from their /metrics endpoints, with counter rates; a dead one is reported down', async (t) => {
    const metrics = new MetricsRegistry();
    const classified = metrics.counter('records_classified_total', 'classified');
    metrics.counter('dead_letters_total', 'dead letters').inc({ topic: 'tweets.raw.dlq' }, 2);
    classified.inc({}, 10);
    const stage = await startHealthServer({ host: '127.0.0.1', port: 0, metrics, healthy: () => ({ ok: true }) });
    t.after(() => stage.close());
    const withMetrics = await startDashboard(
      config({ metricsUrls: [`classify=http://127.0.0.1:${stage.port}/metrics`, 'sink=http://127.0.0.1:1/metrics'] }),
      { security: securityFromEnv(), db: db.pool },
    );
    t.after(() => withMetrics.close());
    const health = async () => (await fetch(new URL('/api/health', withMetrics.url))).json();
    const first = await health();
    assert.equal(first.pipeline[0].name, 'classify');
    assert.equal(first.pipeline[0].ok, true);
    assert.deepEqual(first.pipeline[0].metrics, { records_classified_total: 10, dead_letters_total: 2 });
    assert.deepEqual(first.pipeline[1], { name: 'sink', url: 'http://127.0.0.1:1/metrics', ok: false, error: first.pipeline[1].error });
    assert.ok(first.pipeline[1].error);
    classified.inc({}, 40);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const second = await health();
    assert.equal(second.pipeline[0].metrics.records_classified_total, 50);
    assert.ok(second.pipeline[0].ratesPerSecond.records_classified_total > 0);
    assert.equal(second.pipeline[0].ratesPerSecond.dead_letters_total, 0);
  });
});

describe('consumer lag in /api/health', () => {
  const topic = `lag-${uniqueSuffix()}`;
  const [behind, fresh] = [`${topic}-behind`, `${topic}-fresh`];
  let brokers: string[];

  async function send(count: number): Promise<void> {
    const producer = createKafka({ security: securityFromEnv().kafka, brokers, clientId: 'lag-test' }).producer(producerDefaults);
    await producer.connect();
    await producer.send({ topic, messages: Array.from({ length: count }, (_, i) => ({ partition: 0, value: `m${i}` })) });
    await producer.disconnect();
  }

  before(async () => {
    brokers = [...(await ensureStack()).kafkaBrokers];
    await createTopics([topic], 2);
    await send(5);
    await withAdmin((admin) => admin.setOffsets({ groupId: behind, topic, partitions: [{ partition: 0, offset: '2' }] }));
  });
  after(() => deleteTopics([topic]));

  test("each group's lag is read from Kafka, cached for ~2 s, then refreshed", async (t) => {
    const withLag = await startDashboard(config({ brokers, lagGroups: [`${behind}=${topic}`, `${fresh}=${topic}`] }), {
      security: securityFromEnv(),
      db: db.pool,
    });
    t.after(() => withLag.close());
    const health = async () => (await fetch(new URL('/api/health', withLag.url))).json();
    const first = await health();
    assert.equal(first.ok, true);
    assert.equal(first.consumerLag.status, 'ok');
    assert.deepEqual(first.consumerLag.brokers, brokers);
    // A group with a commit counts from it; one without any counts from the log start.
    assert.deepEqual(first.consumerLag.groups, [
      { group: behind, topic, lag: 3 },
      { group: fresh, topic, lag: 5 },
    ]);
    await send(2);
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const later = await health();
    assert.notEqual(later.consumerLag.checkedAt, first.consumerLag.checkedAt);
    assert.deepEqual(
      later.consumerLag.groups.map((g: { lag: number }) => g.lag),
      [5, 7],
    );
  });

  test('with Kafka unreachable the lag is "unavailable" and the rest of health still answers', async (t) => {
    const noKafka = await startDashboard(config({ brokers: ['127.0.0.1:1'], lagGroups: [`${behind}=${topic}`] }), {
      security: securityFromEnv(),
      db: db.pool,
    });
    t.after(() => noKafka.close());
    const response = await fetch(new URL('/api/health', noKafka.url));
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.ok, true);
    assert.equal(body.rows, 123);
    assert.equal(body.consumerLag.status, 'unavailable');
    assert.equal(body.consumerLag.ok, false);
    assert.match(body.consumerLag.error, /^Kafka unavailable: /);
    assert.deepEqual(body.consumerLag.groups, [{ group: behind, topic, lag: null }]);
  });

  test('without groups configured the lag is "disabled"', async () => {
    const h = await getJson('/api/health');
    assert.equal(h.consumerLag.status, 'disabled');
    assert.deepEqual(h.consumerLag.groups, []);
  });
});

describe('wide ranges answered from the rollup agree with plain SQL', () => {
  const queries = [
    'range=all',
    'range=24h',
    'range=all&topic=masks',
    'range=24h&sentiment=negative',
    'range=all&time=created',
    'range=24h&time=created&topic=masks',
  ];

  async function expectMatches(label: string): Promise<void> {
    for (const query of queries) {
      const s = await getJson(`/api/summary?${query}`);
      const params = new URLSearchParams(query);
      const conds = [`${params.get('time') === 'created' ? 'created_at' : 'classified_at'} >= ?`];
      const values: unknown[] = [s.from ? new Date(s.from) : new Date(0)];
      for (const key of ['topic', 'sentiment']) {
        if (params.has(key)) {
          conds.push(`${key} = ?`);
          values.push(params.get(key));
        }
      }
      const [expected] = await sql(`SELECT COUNT(*) AS n FROM $t WHERE ${conds.join(' AND ')}`, values);
      assert.equal(s.posts, Number(expected.n), `${label}: summary?${query}`);
      const ts = await getJson(`/api/timeseries?${query}`);
      assert.equal(
        Object.values(ts.series as Record<string, number[]>)
          .flat()
          .reduce((a, b) => a + b, 0),
        s.posts,
        `${label}: timeseries?${query}`,
      );
      const t = await getJson(`/api/topics?${query}`);
      assert.equal(
        t.topics.reduce((n: number, r: { total: number }) => n + r.total, 0),
        s.posts,
        `${label}: topics?${query}`,
      );
    }
    const [all] = await sql('SELECT COUNT(*) AS n FROM $t');
    assert.equal((await getJson('/api/summary')).totalPosts, Number(all.n), `${label}: totalPosts`);
  }

  test('before and after rows arrive that the snapshot has not seen', async () => {
    const day = 24 * 60;
    await insertRows(db.pool, db.table, [
      row({
        tweetId: 'edge-in',
        classifiedAt: minutesAgo(day - 2),
        createdAt: new Date('2023-05-31T12:30:00Z'),
        topic: 'masks',
        sentiment: 'negative',
      }),
      row({
        tweetId: 'edge-out',
        classifiedAt: minutesAgo(day + 2),
        createdAt: new Date('2023-05-31T11:30:00Z'),
        topic: 'masks',
        sentiment: 'negative',
      }),
    ]);
    await server.warm();
    await expectMatches('snapshot');
    await insertRows(db.pool, db.table, [
      row({
        tweetId: 'tail-1',
        classifiedAt: minutesAgo(3),
        createdAt: new Date('2023-06-01T10:00:00Z'),
        topic: 'masks',
        sentiment: 'negative',
      }),
      row({
        tweetId: 'tail-2',
        classifiedAt: minutesAgo(day - 1),
        createdAt: new Date('2020-01-01T00:00:00Z'),
        topic: 'vaccines',
        sentiment: 'positive',
      }),
    ]);
    await expectMatches('snapshot + tail');
  });
});

describe('text search: the index, the SQL fallback and MySQL agree on every endpoint and range', () => {
  const searches = ['booster', 'BOOST', 'masks train', 'lock', 'save 5', 'zzz-nothing'];
  const ranges = [
    'range=all',
    'range=24h',
    'range=1h',
    'range=15m',
    'range=all&time=created',
    'range=all&topic=vaccines',
    'range=24h&sentiment=negative',
  ];
  let sqlOnly: DashboardServer;

  before(async () => {
    await insertRows(db.pool, db.table, [
      row({
        tweetId: 's-super',
        text: 'superbooster is not a booster word here',
        classifiedAt: minutesAgo(5),
        topic: 'vaccines',
        sentiment: 'negative',
      }),
      row({ tweetId: 's-hash', text: 'Queue for the #Boosters was long', classifiedAt: minutesAgo(30), topic: 'vaccines' }),
      row({ tweetId: 's-only-super', text: 'superbooster alone', classifiedAt: minutesAgo(2), topic: 'masks', sentiment: 'negative' }),
    ]);
    await server.warm();
    sqlOnly = await startDashboard(config({ searchRebuildMs: 0 }), { security: securityFromEnv(), db: db.pool });
  });
  after(() => sqlOnly?.close());

  async function expected(q: string, query: string, from: string | null): Promise<{ n: number; ids: string[] }> {
    const params = new URLSearchParams(query);
    const search = searchSql(queryWords(q));
    const axis = params.get('time') === 'created' ? 'created_at' : 'classified_at';
    const conds = [`${axis} >= ?`, search.sql];
    const values: unknown[] = [from ? new Date(from) : new Date(0), ...search.params];
    for (const key of ['topic', 'sentiment']) {
      if (params.has(key)) {
        conds.push(`${key} = ?`);
        values.push(params.get(key));
      }
    }
    const where = conds.join(' AND ');
    const [count] = await sql(`SELECT COUNT(*) AS n FROM $t WHERE ${where}`, values);
    const ids = await sql(`SELECT tweet_id FROM $t WHERE ${where} ORDER BY ${axis} DESC, tweet_id DESC LIMIT 50`, values);
    return { n: Number(count.n), ids: ids.map((r) => String(r.tweet_id)) };
  }

  async function check(base: URL, label: string): Promise<void> {
    for (const q of searches) {
      for (const query of ranges) {
        const path = `${query}&q=${encodeURIComponent(q)}`;
        const get = async (endpoint: string) => {
          const response = await fetch(new URL(`/api/${endpoint}?${path}`, base));
          assert.equal(response.status, 200);
          return response.json();
        };
        const s = await get('summary');
        const want = await expected(q, query, s.from);
        assert.equal(s.posts, want.n, `${label}: summary?${path}`);
        const ts = await get('timeseries');
        assert.equal(
          Object.values(ts.series as Record<string, number[]>)
            .flat()
            .reduce((a, b) => a + b, 0),
          want.n,
          `${label}: timeseries?${path}`,
        );
        const t = await get('topics');
        assert.equal(
          t.topics.reduce((n: number, r: { total: number }) => n + r.total, 0),
          want.n,
          `${label}: topics?${path}`,
        );
        const p = await get('posts');
        assert.deepEqual(
          p.posts.map((x: { id: string }) => x.id),
          want.ids,
          `${label}: posts?${path}`,
        );
      }
    }
  }

  test('word starts, not substrings: "booster" finds #Boosters but not superbooster alone', async () => {
    const ids = (await getJson('/api/posts?q=booster&limit=200')).posts.map((p: { id: string }) => p.id);
    assert.ok(ids.includes('s-hash'));
    assert.ok(ids.includes('s-super'), 'it also says "booster" on its own');
    assert.ok(!ids.includes('s-only-super'));
  });

  test('the in-memory index answers like SQL', async () => {
    await check(server.url, 'index');
  });

  test('with the index off, SQL answers the same', async () => {
    await check(sqlOnly.url, 'sql');
  });

  test('a row written after the index was built is found at once', async () => {
    await insertRows(db.pool, db.table, [row({ tweetId: 's-late', text: 'Zebrafish study on booster timing', topic: 'science_research' })]);
    const found = await getJson('/api/posts?q=zebrafish');
    assert.deepEqual(
      found.posts.map((p: { id: string }) => p.id),
      ['s-late'],
    );
    assert.equal((await getJson('/api/summary?q=zebrafish&range=15m')).bySentiment.neutral, 1);
    await db.pool.query(`UPDATE ${db.table} SET topic = 'healthcare' WHERE tweet_id = 's-late'`);
    const moved = await getJson('/api/topics?q=zebrafish');
    assert.deepEqual(
      moved.topics.map((t: { topic: string; total: number }) => [t.topic, t.total]),
      [['healthcare', 1]],
    );
  });
});
