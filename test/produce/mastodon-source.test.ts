import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import { validatePost } from '../../src/contracts/post-input.ts';
import { compareIds, createMastodonSource, postKey } from '../../src/produce/sources/mastodon.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { FakeMastodonServer } from '../helpers/fake-mastodon-server.ts';
import { take } from '../helpers/take.ts';

/** The Mastodon source against a local instance over a real WebSocket and HTTP. */
const TOKEN = 'test-token';
const logger = createLogger('test');
const fast = { reconnect: { maxReconnects: 5, backoffMs: { initial: 20, max: 100 } }, logger };

async function setup(t: TestContext) {
  const server = await new FakeMastodonServer(TOKEN).start();
  const controller = new AbortController();
  t.after(async () => {
    controller.abort();
    await server.close();
  });
  return { server, controller };
}

async function waitFor(probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 10));
  }
}

const describe = (i: SourceItem) =>
  i.kind === 'post' ? `post ${(i.value as { text: string }).text}` : i.kind === 'delete' ? `delete ${i.id}` : `unparsable ${i.reason}`;

test('update, status.update and delete: plain-text posts keyed on the instance, an edit of the same key, a tombstone', async (t) => {
  const { server, controller } = await setup(t);
  const items = createMastodonSource({ instance: server.httpUrl, token: TOKEN, ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 3);
  await waitFor(() => server.open.size === 1);
  assert.equal(server.connections[0]!.headers.authorization, `Bearer ${TOKEN}`);
  assert.equal(server.connections[0]!.query.get('stream'), 'public');
  const s = server.post('<p>Vaccines &amp; <a href="#">#health</a></p><p>second line</p>', {
    tags: ['health'],
    acct: 'bob@example.org',
    inReplyTo: '111',
  });
  server.edit(s.id, '<p>edited text</p>');
  server.remove(s.id);
  const [update, edit, del] = await pending;
  const v = validatePost(update!.kind === 'post' ? update!.value : null);
  assert.ok(v.ok, v.ok ? '' : v.reason);
  assert.equal(v.post.id, postKey(server.httpUrl, s.id));
  assert.equal(v.post.text, 'Vaccines & #health\n\nsecond line');
  assert.deepEqual(
    [v.post.platform, v.post.uri, v.post.url, v.post.author.handle, v.post.lang, v.post.reply_to],
    ['mastodon', s.uri, s.url, 'bob@example.org', 'en', postKey(server.httpUrl, '111')],
  );
  assert.deepEqual(v.post.hashtags, ['health']);
  assert.equal(update!.position, s.id);
  assert.equal(describe(edit!), 'post edited text');
  assert.ok(
    (edit!.kind === 'post' ? (edit!.value as { edited_at: string | null }).edited_at : null) !== null,
    'the edit carries edited_at',
  );
  assert.equal(describe(del!), `delete ${postKey(server.httpUrl, s.id)}`);
});

test('after a drop, the gap is filled from the timeline with min_id, page by page, before live frames', async (t) => {
  const { server, controller } = await setup(t);
  const items = createMastodonSource({ instance: server.httpUrl, token: TOKEN, languages: ['en'], ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const first = take(items, 1);
  await waitFor(() => server.open.size === 1);
  const seen = server.post('<p>before the drop</p>');
  await first;
  server.dropAll();
  await waitFor(() => server.open.size === 0);
  const missed = Array.from({ length: 45 }, (_, i) => server.post(`<p>missed ${i}</p>`, { live: false }));
  server.post('<p>in German</p>', { language: 'de', live: false });
  const got = await take(items, 45);
  assert.deepEqual(
    got.map(describe),
    missed.map((_, i) => `post missed ${i}`),
    'every missed post, oldest first, German skipped (--lang en)',
  );
  assert.equal(server.timelineRequests[0]!.get('min_id'), seen.id);
  assert.ok(server.timelineRequests.length >= 2, 'more than one page of 40');
  assert.equal(got.at(-1)!.position, missed.at(-1)!.id, 'the position is the newest id seen');
  const live = take(items, 1);
  server.post('<p>live again</p>');
  assert.equal(describe((await live)[0]!), 'post live again');
});

test('a stored position gap-fills on the first connection too', async (t) => {
  const { server, controller } = await setup(t);
  const old = server.post('<p>old</p>', { live: false });
  server.post('<p>newer</p>', { live: false });
  const items = createMastodonSource({ instance: server.httpUrl, token: TOKEN, ...fast })
    .items(controller.signal, old.id)
    [Symbol.asyncIterator]();
  assert.deepEqual((await take(items, 1)).map(describe), ['post newer']);
});

test('a refused token stops at once with what to do', async (t) => {
  const { server, controller } = await setup(t);
  const items = createMastodonSource({ instance: server.httpUrl, token: 'wrong', ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  await assert.rejects(items.next(), /HTTP 401.*access token is invalid.*MASTODON_TOKEN/s);
  assert.equal(server.refused, 1, 'not retried');
});

test('malformed frames are unparsable with a reason; a silent socket is replaced; hashtag streams ask for the tag', async (t) => {
  const { server, controller } = await setup(t);
  const items = createMastodonSource({
    instance: server.httpUrl,
    token: TOKEN,
    stream: 'hashtag',
    hashtag: 'climate',
    stallTimeoutMs: 300,
    pingIntervalMs: 100,
    ...fast,
  })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 3);
  await waitFor(() => server.open.size === 1);
  assert.equal(server.connections[0]!.query.get('tag'), 'climate');
  server.publishRaw('not json');
  server.publishRaw(JSON.stringify({ stream: ['hashtag'], event: 'update', payload: { id: 1 } }));
  server.post('<p>about the #climate</p>', { tags: ['climate'] });
  const got = await pending;
  assert.match(describe(got[0]!), /not JSON/);
  assert.match(describe(got[1]!), /payload is not a JSON string/);
  assert.equal(describe(got[2]!), 'post about the #climate');
  const after = take(items, 1);
  server.silent = true;
  await waitFor(() => server.connections.length >= 2);
  server.silent = false;
  await waitFor(() => server.open.size === 1);
  server.post('<p>after the stall #climate</p>', { tags: ['climate'] });
  assert.equal(describe((await after)[0]!), 'post after the stall #climate');
});

test('--account keeps only statuses by those accounts', async (t) => {
  const { server, controller } = await setup(t);
  const items = createMastodonSource({ instance: server.httpUrl, token: TOKEN, accounts: ['@Alice@example.org'], ...fast })
    .items(controller.signal)
    [Symbol.asyncIterator]();
  const pending = take(items, 1);
  await waitFor(() => server.open.size === 1);
  server.post('<p>from bob</p>', { acct: 'bob' });
  server.post('<p>from alice</p>', { acct: 'alice@example.org' });
  assert.deepEqual((await pending).map(describe), ['post from alice']);
});

test('status ids compare as numbers', () => {
  assert.ok(compareIds('99', '100') < 0);
  assert.ok(compareIds('112000000000001000', '112000000000000999') > 0);
});
