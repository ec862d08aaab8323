import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RowDataPacket } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import { deletionsTable } from '../../src/db/table.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { produce } from '../../src/produce/app.ts';
import { postKey } from '../../src/produce/sources/mastodon.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { FakeMastodonServer } from '../helpers/fake-mastodon-server.ts';
import { deleteTopics } from '../helpers/pipeline-env.ts';
import { createPipelineFixture } from '../helpers/pipeline-fixture.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The Mastodon path on the real stack: a local instance over a real WebSocket and HTTP feeds
 * the producer; rows carry platform mastodon, the ActivityPub uri and plain text; a delete
 * removes the row, an edit updates it, and posts made while the socket was down arrive
 * through the timeline gap-fill.
 */
test('mastodon: posts -> rows, delete, edit, gap-fill after a dropped socket', { timeout: 600_000 }, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('md');
  const server = await new FakeMastodonServer('tok').start();
  const stateTopic = `${f.names.raw}.state`;
  const controller = new AbortController();
  const running = produce(
    {
      ...f.configs.produce,
      source: 'mastodon',
      instance: server.httpUrl,
      mastodonToken: 'tok',
      stateTopic,
      stallTimeoutMs: 5_000,
      lingerMs: 20,
    },
    { security: securityFromEnv(), signal: controller.signal, logger: createLogger('produce'), metrics: new MetricsRegistry() },
  );
  t.after(async () => {
    controller.abort();
    await running.catch(() => undefined);
    await server.close();
    await f.pool.query(`DROP TABLE IF EXISTS ${deletionsTable(f.names.table)}`).catch(() => undefined);
    await f.close();
    await deleteTopics([stateTopic]);
  });
  f.startSink();
  f.startClassify(0);
  assert.ok(await eventually(async () => server.open.size === 1, 120_000), 'the producer connected to the streaming API');
  const rowsOf = async () => {
    const [rows] = await f.pool.query<RowDataPacket[]>(
      `SELECT tweet_id, platform, uri, text, author_handle, language FROM ${f.names.table}`,
    );
    return new Map(rows.map((r) => [String(r.tweet_id), r]));
  };
  const posted = Array.from({ length: 10 }, (_, i) =>
    server.post(`<p>Post number ${i} about the <a href="x">#vaccine</a> &amp; clinics</p>`, {
      tags: ['vaccine'],
      acct: `user${i}@example.org`,
    }),
  );
  server.post('<p>Ein Beitrag auf Deutsch</p>', { language: 'de' });
  assert.ok(await eventually(async () => (await f.rows()) >= 10, 180_000), `10 rows (have ${await f.rows()})`);
  let rows = await rowsOf();
  const first = rows.get(postKey(server.httpUrl, posted[0]!.id))!;
  assert.deepEqual(
    [first.platform, first.uri, first.text, first.author_handle, first.language],
    ['mastodon', posted[0]!.uri, 'Post number 0 about the #vaccine & clinics', 'user0@example.org', 'en'],
  );

  server.remove(posted[1]!.id);
  server.edit(posted[2]!.id, '<p>Edited: the clinic is closed today</p>');
  assert.ok(await eventually(async () => (await f.rows()) === 9, 120_000), 'the deleted post is gone');
  assert.ok(
    await eventually(
      async () => (await rowsOf()).get(postKey(server.httpUrl, posted[2]!.id))?.text === 'Edited: the clinic is closed today',
      120_000,
    ),
    'the edit is in MySQL',
  );

  const before = server.connections.length;
  server.dropAll();
  const missed = Array.from({ length: 5 }, (_, i) => server.post(`<p>Posted while the socket was down ${i}</p>`, { live: false }));
  assert.ok(await eventually(async () => server.connections.length > before, 60_000), 'reconnected');
  assert.ok(await eventually(async () => (await f.rows()) === 14, 120_000), `gap-filled (have ${await f.rows()})`);
  rows = await rowsOf();
  for (const s of missed) assert.ok(rows.has(postKey(server.httpUrl, s.id)));
  assert.ok(
    server.timelineRequests.some((q) => q.get('min_id') !== null),
    'the timeline was asked with min_id',
  );
});
