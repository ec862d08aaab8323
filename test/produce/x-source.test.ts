import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import { validatePost } from '../../src/contracts/post-input.ts';
import { AppError } from '../../src/errors/app-error.ts';
import type { XSourceOptions } from '../../src/produce/sources/x.ts';
import { backoffDelay, createXSource } from '../../src/produce/sources/x.ts';
import type { Logger } from '../../src/telemetry/log.ts';
import type { FakeXServer } from '../helpers/fake-x-server.ts';
import { startFakeXServer } from '../helpers/fake-x-server.ts';

const TOKEN = 'test-bearer-token';
// A safety net so a broken reconnect fails the run instead of hanging it; nothing is timed.
const guard = { timeout: 20_000 };

function recordingLogger(lines: string[] = []): Logger {
  const write = (level: string) => (msg: string) => void lines.push(`${level} ${msg}`);
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error'), child: () => logger };
  return logger;
}

function tweet(id: string, text: string) {
  return {
    id,
    text,
    edit_history_tweet_ids: [id],
    created_at: '2021-02-23T01:02:03.000Z',
    author_id: '42',
    lang: 'en',
    entities: { hashtags: [{ start: 0, end: 8, tag: 'COVID19' }] },
    public_metrics: { like_count: 3, retweet_count: 1, reply_count: 0, quote_count: 0 },
  };
}
const author = { id: '42', name: 'Jane', username: 'epi_jane' };

async function startSource(t: { after(fn: () => unknown): void }, overrides: Partial<XSourceOptions> = {}) {
  const server = await startFakeXServer({ bearerToken: TOKEN });
  const controller = new AbortController();
  const logs: string[] = [];
  const source = createXSource({
    bearerToken: TOKEN,
    rules: ['covid OR vaccine lang:en'],
    baseUrl: server.url,
    backoffMs: { initial: 5, max: 20 },
    logger: recordingLogger(logs),
    ...overrides,
  });
  const items = source.items(controller.signal)[Symbol.asyncIterator]();
  t.after(async () => {
    controller.abort();
    await server.close();
  });
  return { server, controller, items, logs };
}

/** Asks for the next item, and pushes a tweet once the stream is open. */
async function nextPushed(server: FakeXServer, items: AsyncIterator<SourceItem>, id: string, connections = 1): Promise<SourceItem> {
  const next = items.next();
  await server.waitFor((s) => s.openStreams === 1 && s.streamConnections === connections);
  server.pushTweet(tweet(id, `#COVID19 post ${id} &amp; more`), [author]);
  const result = await next;
  assert.equal(result.done, false);
  return result.value as SourceItem;
}

test('syncs rules: deletes unwanted ones, keeps matching ones, adds the missing ones tagged', guard, async (t) => {
  const { server, items } = await startSource(t, { rules: ['covid lang:en', 'vaccine lang:en', 'covid lang:en'] });
  const [old, kept] = server.seedRules([
    { value: 'old rule', tag: 'other' },
    { value: 'covid lang:en', tag: 'streamsense' },
  ]);
  await nextPushed(server, items, '100');
  assert.deepEqual(server.ruleRequests, [{ delete: { ids: [old.id] } }, { add: [{ value: 'vaccine lang:en', tag: 'streamsense' }] }]);
  assert.deepEqual(
    server.rules.map((r) => r.value),
    ['covid lang:en', 'vaccine lang:en'],
  );
  assert.equal(server.rules[0].id, kept.id);
  assert.equal(server.rules[1].tag, 'streamsense');
});

test('asks the stream for the author expansion and the fields the mapping reads', guard, async (t) => {
  const { server, items } = await startSource(t);
  await nextPushed(server, items, '101');
  const query = server.streamQueries[0];
  assert.equal(query.get('expansions'), 'author_id');
  assert.deepEqual(query.get('tweet.fields')?.split(',').sort(), ['created_at', 'entities', 'lang', 'note_tweet', 'public_metrics']);
  assert.equal(query.get('user.fields'), 'username');
});

test('yields pushed tweets as valid PostInput with the author handle', guard, async (t) => {
  const { server, items } = await startSource(t);
  const item = await nextPushed(server, items, '1364000000000000001');
  assert.equal(item.kind, 'post');
  assert.equal(item.origin, 'x:tweet/1364000000000000001');
  assert.deepEqual(item.kind === 'post' && item.value, {
    id: '1364000000000000001',
    text: '#COVID19 post 1364000000000000001 & more',
    created_at: '2021-02-23T01:02:03.000Z',
    author: { id: '42', handle: 'epi_jane' },
    lang: 'en',
    hashtags: ['COVID19'],
    metrics: { like_count: 3, retweet_count: 1, reply_count: 0, quote_count: 0 },
  });
  assert.equal(item.kind === 'post' && validatePost(item.value).ok, true);
});

test('a line that is not JSON is yielded as unparsable and the stream goes on', guard, async (t) => {
  const { server, items } = await startSource(t);
  const next = items.next();
  await server.waitFor((s) => s.openStreams === 1);
  server.pushLine('{"data": not json');
  const bad = (await next).value as SourceItem;
  assert.equal(bad.kind, 'unparsable');
  assert.match(bad.kind === 'unparsable' ? bad.reason : '', /not JSON/);
  assert.equal((await nextPushed(server, items, '102')).kind, 'post');
});

test('an error payload on the stream is logged, not yielded', guard, async (t) => {
  const { server, items, logs } = await startSource(t);
  const next = items.next();
  await server.waitFor((s) => s.openStreams === 1);
  server.pushLine(
    JSON.stringify({ errors: [{ title: 'operational-disconnect', type: 'https://api.twitter.com/2/problems/operational-disconnect' }] }),
  );
  server.pushTweet(tweet('103', 'after the error'), [author]);
  assert.equal(((await next).value as { value: { id: string } }).value.id, '103');
  assert.ok(logs.includes('warn X sent an error on the stream'), logs.join('\n'));
});

test('reconnects after the server drops the connection, through a 503, and keeps yielding', guard, async (t) => {
  const { server, items, logs } = await startSource(t);
  assert.equal(((await nextPushed(server, items, '200')) as { value: { id: string } }).value.id, '200');
  server.failStreamConnects(1, 503);
  server.dropStreams();
  const second = await nextPushed(server, items, '201', 2);
  assert.equal((second as { value: { id: string } }).value.id, '201');
  assert.equal(server.streamConnections, 2);
  assert.equal(server.ruleRequests.length, 1, 'rules are synced once, not on every reconnect');
  assert.ok(
    logs.some((line) => line.startsWith('warn X API call failed')),
    logs.join('\n'),
  );
});

test('aborting the signal closes the stream and ends the iteration', guard, async (t) => {
  const { server, items, controller } = await startSource(t);
  await nextPushed(server, items, '300');
  const next = items.next();
  controller.abort();
  assert.deepEqual(await next, { done: true, value: undefined });
  await server.waitFor((s) => s.openStreams === 0);
  assert.equal(server.streamConnections, 1);
});

test('a missing bearer token is a CONFIG error that says what to set', () => {
  assert.throws(
    () => createXSource({ bearerToken: undefined, rules: ['covid'], logger: recordingLogger() }),
    (error: unknown) => error instanceof AppError && error.code === 'CONFIG' && /bearer token is missing/.test(error.message),
  );
  assert.throws(
    () => createXSource({ bearerToken: '  ', rules: [' '], logger: recordingLogger() }),
    (error: unknown) => error instanceof AppError && /bearer token/.test(error.message) && /no stream rules/.test(error.message),
  );
});

test('a rejected token fails at once with a non-retriable REMOTE_API error', guard, async (t) => {
  const { server, items } = await startSource(t, { bearerToken: 'wrong-token' });
  await assert.rejects(items.next(), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'REMOTE_API');
    assert.equal(error.retriable, false);
    assert.equal(error.context.status, 401);
    assert.match(error.message, /bearer token was rejected/);
    return true;
  });
  assert.equal(server.unauthorized, 1, 'no silent retry');
  assert.equal(server.streamConnections, 0);
});

test('gives up after maxReconnects consecutive retriable failures, with the last cause', guard, async (t) => {
  const { server, items } = await startSource(t, { maxReconnects: 2 });
  server.failStreamConnects(3, 503);
  await assert.rejects(items.next(), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'REMOTE_API');
    assert.equal(error.retriable, true);
    assert.match(error.message, /gave up after 3 failed attempts.*503/);
    return true;
  });
  assert.equal(server.streamConnections, 0);
});

test('backoff grows exponentially up to the cap, with jitter in the upper half', () => {
  const opts = { initial: 100, max: 1_000 };
  for (const [failures, ceiling] of [
    [0, 100],
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1_000],
    [30, 1_000],
  ]) {
    const delay = backoffDelay(failures, opts);
    assert.ok(delay >= ceiling / 2 && delay <= ceiling, `failures=${failures} delay=${delay}`);
  }
});
