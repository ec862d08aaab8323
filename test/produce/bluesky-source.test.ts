import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import { validatePost } from '../../src/contracts/post-input.ts';
import { createBlueskySource, subscribeUrl, toSourceItem } from '../../src/produce/sources/bluesky.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { FakeJetstreamServer } from '../helpers/fake-jetstream-server.ts';
import { take } from '../helpers/take.ts';

/** The Jetstream source against a local Jetstream over a real WebSocket. */
const DID = 'did:plc:abcdefghijklmnopqrstuvwx';
const logger = createLogger('test');
const fast = { reconnect: { maxReconnects: 5, backoffMs: { initial: 20, max: 100 } }, logger };

function start(t: import('node:test').TestContext) {
  const server = new FakeJetstreamServer();
  const controller = new AbortController();
  t.after(async () => {
    controller.abort();
    await server.close();
  });
  return { server, controller };
}

test('posts become platform-neutral posts keyed by their at:// URI, with langs, tags and reply', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  const items = createBlueskySource({ url: server.wsUrl, ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const first = items.next();
  await waitFor(() => server.open.size === 1);
  server.post(DID, '3kq1', {
    text: 'vaccines are here #health',
    createdAt: '2024-05-01T10:00:00.000Z',
    langs: ['en-US'],
    facets: [{ index: { byteStart: 18, byteEnd: 25 }, features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'health' }] }],
    reply: {
      root: { uri: 'at://did:plc:x/app.bsky.feed.post/1', cid: 'c' },
      parent: { uri: 'at://did:plc:x/app.bsky.feed.post/2', cid: 'c' },
    },
  });
  const item = (await first).value as SourceItem;
  assert.equal(item.kind, 'post');
  const validated = validatePost(item.kind === 'post' ? item.value : null);
  assert.ok(validated.ok, validated.ok ? '' : validated.reason);
  const post = validated.post;
  assert.equal(post.id, `at://${DID}/app.bsky.feed.post/3kq1`);
  assert.equal(post.uri, post.id);
  assert.equal(post.platform, 'bluesky');
  assert.equal(post.text, 'vaccines are here #health');
  assert.deepEqual(post.langs, ['en-US']);
  assert.deepEqual(post.hashtags, ['health']);
  assert.equal(post.reply_to, 'at://did:plc:x/app.bsky.feed.post/2');
  assert.equal(post.author_did, DID);
  assert.equal(item.position, String(server.log[0]!.time_us));
  assert.deepEqual(server.connections[0]!.query.getAll('wantedCollections'), ['app.bsky.feed.post']);
  assert.equal(server.connections[0]!.query.get('cursor'), null, 'no stored position: live tail');
});

test('a dropped socket reconnects with cursor = last time_us minus the rewind, and the replay fills the gap', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  const items = createBlueskySource({ url: server.wsUrl, rewindMs: 1, ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 1);
  await waitFor(() => server.open.size === 1);
  const a = server.post(DID, 'a', { text: 'one', createdAt: '2024-05-01T10:00:00Z' });
  await pending;
  server.dropAll();
  await waitFor(() => server.open.size === 0);
  const b = server.post(DID, 'b', { text: 'two, while we were away', createdAt: '2024-05-01T10:00:01Z' });
  const [replayedA, gotB] = await take(items, 2);
  const cursor = Number(server.connections[1]!.query.get('cursor'));
  assert.equal(cursor, a.time_us - 1_000, 'resumes 1 ms (1000 us) before the last event seen');
  assert.equal(replayedA!.position, String(a.time_us), 'the overlap replays the last event: a harmless duplicate');
  assert.equal(gotB!.position, String(b.time_us), 'the post published during the drop arrives');
});

test('a stored position is resumed from; deletes become tombstone items; other collections and languages are skipped', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  const old = server.post(DID, 'old', { text: 'before the restart', createdAt: '2024-05-01T09:00:00Z', langs: ['en'] });
  server.post(DID, 'de', { text: 'Guten Morgen', createdAt: '2024-05-01T09:00:01Z', langs: ['de'] });
  server.publish({ did: DID, kind: 'identity' });
  server.deletePost(DID, 'old');
  server.post(DID, 'und', { text: 'no langs given', createdAt: '2024-05-01T09:00:02Z' });
  const items = createBlueskySource({ url: server.wsUrl, rewindMs: 0, languages: ['en'], ...fast })
    .items(controller.signal, String(old.time_us))
    [Symbol.asyncIterator]();
  const got = await take(items, 3);
  assert.equal(server.connections[0]!.query.get('cursor'), String(old.time_us));
  assert.deepEqual(
    got.map((i) => (i.kind === 'delete' ? `delete ${i.id}` : i.kind === 'post' ? `post ${(i.value as { text: string }).text}` : i.kind)),
    ['post before the restart', `delete at://${DID}/app.bsky.feed.post/old`, 'post no langs given'],
  );
});

test('malformed frames are unparsable items with a reason, and the stream continues', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  const items = createBlueskySource({ url: server.wsUrl, ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 4);
  await waitFor(() => server.open.size === 1);
  server.publishRaw('{not json');
  server.publishRaw(
    JSON.stringify({ did: DID, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'x' } }),
  );
  server.post(DID, 'norecord', {});
  server.post(DID, 'ok', { text: 'still here', createdAt: '2024-05-01T10:00:00Z' });
  const got = await pending;
  assert.equal(got[0]!.kind, 'unparsable');
  assert.match(got[0]!.kind === 'unparsable' ? got[0]!.reason : '', /not JSON/);
  assert.match(got[1]!.kind === 'unparsable' ? got[1]!.reason : '', /time_us/);
  assert.equal(got[2]!.kind, 'post', 'a record without text is a post that validation will refuse');
  assert.ok(!validatePost(got[2]!.kind === 'post' ? got[2]!.value : null).ok);
  assert.equal(got[3]!.kind, 'post');
});

test('a silent socket (no frames, no pongs) is detected, counted and replaced', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  const reconnects = new MetricsRegistry().counter('source_reconnects_total', 'reconnects');
  const reconnect = { ...fast.reconnect, reconnects };
  const items = createBlueskySource({ url: server.wsUrl, stallTimeoutMs: 300, pingIntervalMs: 100, ...fast, reconnect })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 1);
  await waitFor(() => server.open.size === 1);
  server.silent = true;
  await waitFor(() => server.connections.length >= 2);
  server.silent = false;
  await waitFor(() => server.open.size === 1);
  server.post(DID, 'after', { text: 'after the stall', createdAt: '2024-05-01T10:00:00Z' });
  const [item] = await pending;
  assert.equal(item!.kind, 'post');
  assert.ok(reconnects.get({ source: 'bluesky', reason: 'stalled' }) >= 1, 'the stall is in the metrics');
});

test('an upgrade refused with 400 stops at once with the answer; 503 is retried', async (t) => {
  const { server, controller } = start(t);
  await server.start();
  server.refuseNext(503);
  server.refuseNext(400, '{"error":"invalid cursor"}');
  const items = createBlueskySource({ url: server.wsUrl, ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  await assert.rejects(items.next(), /HTTP 400.*invalid cursor/);
  assert.equal(server.refused, 2, 'the 503 was retried, the 400 was not');
});

test('toSourceItem: an update is an edit of the same key; unknown operations are refused', () => {
  const frame = (operation: string) =>
    JSON.stringify({
      did: DID,
      time_us: 1_700_000_000_000_000,
      kind: 'commit',
      commit: { operation, collection: 'app.bsky.feed.post', rkey: 'e', record: { text: 'edited', createdAt: '2024-05-01T10:00:00Z' } },
    });
  const edit = toSourceItem(frame('update'), {});
  assert.equal(edit.kind, 'post');
  const value = edit.kind === 'post' ? (edit.value as { id: string; edited_at: string }) : null;
  assert.equal(value?.id, `at://${DID}/app.bsky.feed.post/e`);
  assert.equal(value?.edited_at, '2023-11-14T22:13:20.000Z');
  assert.equal(toSourceItem(frame('move'), {}).kind, 'unparsable');
  assert.equal(
    subscribeUrl('ws://h/subscribe', { dids: ['did:plc:a'], cursor: 5n }),
    'ws://h/subscribe?wantedCollections=app.bsky.feed.post&wantedDids=did%3Aplc%3Aa&cursor=5',
  );
});

async function waitFor(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}
