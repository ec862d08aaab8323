/**
 * The dashboard and posts from several networks, against a real MySQL: the platform filter on
 * every endpoint, and posts deleted at their source (the sink's delete + deletions log)
 * leaving the live feed (an SSE `deleted` event) and the search index.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { securityFromEnv } from '../../src/config/security.ts';
import type { Summary } from '../../src/dashboard/api.ts';
import { insertRows } from '../../src/dashboard/insert-rows.ts';
import type { Post } from '../../src/dashboard/queries.ts';
import { type DashboardServer, startDashboard } from '../../src/dashboard/server.ts';
import { deletionsTable } from '../../src/db/table.ts';
import { deleteRows } from '../../src/sink/upsert.ts';
import { createTestTable, dashboardConfig, row, type TestTable } from '../dashboard/fixtures.ts';

let db: TestTable;
let server: DashboardServer;
const bsky = (rkey: string) => `at://did:plc:dash/app.bsky.feed.post/${rkey}`;

before(async () => {
  db = await createTestTable();
  await insertRows(db.pool, db.table, [
    row({ tweetId: '100', text: 'an x post about zebrafish' }),
    row({ tweetId: bsky('a'), text: 'a bluesky post about zebrafish', sentiment: 'positive' }),
    row({ tweetId: bsky('b'), text: 'another bluesky post' }),
    row({ tweetId: 'https://m.example/api/v1/statuses/7', text: 'a mastodon post' }),
  ]);
  await db.pool.query(`UPDATE ${db.table} SET platform = 'bluesky' WHERE tweet_id LIKE 'at://%'`);
  await db.pool.query(
    `UPDATE ${db.table} SET platform = 'mastodon', label_status = 'unsupported_language', sentiment = 'unclassified', topic = 'unclassified' WHERE tweet_id LIKE 'https://%'`,
  );
  server = await startDashboard(dashboardConfig(db), { security: securityFromEnv(), db: db.pool });
});

after(async () => {
  await server?.close();
  await db?.pool.query(`DROP TABLE IF EXISTS ${deletionsTable(db.table)}`).catch(() => undefined);
  await db?.drop();
});

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(new URL(path, server.url));
  assert.equal(response.status, 200, `${path}: ${await response.clone().text()}`);
  return (await response.json()) as T;
}

test('the platform filter narrows posts, summary and topics; posts say their platform and label status', async () => {
  const posts = await getJson<{ posts: Post[] }>('/api/posts?platform=bluesky');
  assert.deepEqual(posts.posts.map((p) => p.id).sort(), [bsky('a'), bsky('b')]);
  assert.ok(posts.posts.every((p) => p.platform === 'bluesky'));
  assert.equal((await getJson<Summary>('/api/summary?platform=bluesky')).posts, 2);
  assert.equal((await getJson<Summary>('/api/summary?platform=x')).posts, 1);
  assert.equal((await getJson<Summary>('/api/summary')).posts, 4);
  const mastodon = (await getJson<{ posts: Post[] }>('/api/posts?platform=mastodon')).posts[0];
  assert.deepEqual([mastodon.platform, mastodon.labelStatus, mastodon.sentiment], ['mastodon', 'unsupported_language', 'unclassified']);
  assert.equal((await getJson<Summary>('/api/summary?platform=bluesky&q=zebrafish')).posts, 1, 'with a search too');
  assert.equal((await fetch(new URL('/api/posts?platform=myspace', server.url))).status, 400);
});

test('a post deleted at its source leaves the live feed and the search', async () => {
  assert.equal((await getJson<Summary>('/api/summary?q=zebrafish')).posts, 2, 'the search index has both');
  const controller = new AbortController();
  const response = await fetch(new URL('/api/stream', server.url), { signal: controller.signal });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = decoder.decode((await reader.read()).value);
  assert.match(text, /event: hello/);
  // What the sink does for a tombstone.
  await deleteRows(db.pool, db.table, deletionsTable(db.table), [bsky('a')]);
  while (!/event: deleted\ndata: \[[^\]]*"at:\/\/did:plc:dash\/app.bsky.feed.post\/a"/.test(text)) {
    const chunk = await reader.read();
    assert.equal(chunk.done, false, 'stream ended before the delete arrived');
    text += decoder.decode(chunk.value);
  }
  controller.abort();
  assert.equal((await getJson<Summary>('/api/summary?q=zebrafish')).posts, 1, 'the search index dropped it');
  assert.equal((await getJson<Summary>('/api/summary?platform=bluesky')).posts, 1);
});
