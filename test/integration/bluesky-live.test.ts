import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RowDataPacket } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import { deletionsTable } from '../../src/db/table.ts';
import { readLetters } from '../../src/dlq/read.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { DeadLetterHeader } from '../../src/kafka/dead-letter.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { isolatedStageFlags } from '../../src/start/stage-configs.ts';
import { FakeJetstreamServer } from '../helpers/fake-jetstream-server.ts';
import { deleteTopics } from '../helpers/pipeline-env.ts';
import { countRecords, createPipelineFixture } from '../helpers/pipeline-fixture.ts';
import { type StageProcess, startStage, stopStage } from '../helpers/stage-process.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The Bluesky path end to end on the real stack: a local Jetstream over a real WebSocket feeds
 * `produce --source bluesky` (a process, so it can be killed -9), the real classifier and sink
 * write MySQL. Posts in -> rows out; a killed producer resumes from its stored cursor with no
 * gap and no extra row; deletes remove rows, edits update them; malformed frames are
 * dead-lettered while the stream goes on; dropped and silent sockets are replaced.
 */
const DID = 'did:plc:streamsensetest000000000';
const texts = [
  'Got my booster today, feeling great!',
  'Another lockdown, I am so tired of this.',
  'Match tonight, the stadium is open again!',
  'The testing site queue is two hours long.',
];
const record = (i: number, langs = ['en']) => ({
  text: `${texts[i % 4]} #${i}`,
  createdAt: new Date(Date.UTC(2024, 4, 1, 0, 0, i)).toISOString(),
  langs,
});
const uri = (rkey: string) => `at://${DID}/app.bsky.feed.post/${rkey}`;

test('bluesky: posts, kill -9 and resume, deletes, edits, malformed frames, dropped and silent sockets', {
  timeout: 600_000,
}, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('bs');
  const server = await new FakeJetstreamServer().start();
  const stateTopic = `${f.names.raw}.state`;
  const env = { KAFKA_BROKERS: f.stack.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: f.stack.registryUrl };
  const produceArgs = [
    ...isolatedStageFlags(f.names).produce,
    '--source',
    'bluesky',
    '--jetstream-url',
    server.wsUrl,
    '--state-topic',
    stateTopic,
    '--stall-timeout-ms',
    '2000',
    '--rewind-ms',
    '2000',
    '--linger-ms',
    '20',
  ];
  let producer: StageProcess | undefined;
  const startProducer = (n: number) => (producer = startStage(`${f.names.raw}-produce-${n}`, 'produce', produceArgs, env));
  t.after(async () => {
    await stopStage(producer);
    await server.close();
    await f.pool.query(`DROP TABLE IF EXISTS ${deletionsTable(f.names.table)}`).catch(() => undefined);
    await f.close();
    await deleteTopics([stateTopic]);
  });
  const rowCount = () => f.rows();
  const rowsOf = async () => {
    const [rows] = await f.pool.query<RowDataPacket[]>(
      `SELECT tweet_id, platform, uri, url, text, source, author_id, edited_at, label_status FROM ${f.names.table}`,
    );
    return new Map(rows.map((r) => [String(r.tweet_id), r]));
  };
  f.startSink();
  f.startClassify(0);
  startProducer(1);
  assert.ok(await eventually(async () => server.open.size === 1, 120_000), 'the producer connected to Jetstream');

  // 1. Posts in -> rows out; other languages are filtered at the source; malformed frames are dead-lettered.
  for (let i = 0; i < 30; i++) server.post(DID, `p${i}`, record(i));
  for (let i = 0; i < 5; i++) server.post(DID, `de${i}`, record(i, ['de']));
  server.publishRaw('{"did": "did:plc:x", "time_us": ');
  server.publishRaw(
    JSON.stringify({ did: DID, kind: 'commit', commit: { operation: 'create', collection: 'app.bsky.feed.post', rkey: 'bad' } }),
  );
  server.post(DID, 'notext', { createdAt: '2024-05-01T00:00:00Z' });
  for (let i = 30; i < 40; i++) server.post(DID, `p${i}`, record(i));
  assert.ok(await eventually(async () => (await rowCount()) >= 40, 180_000), `40 rows arrive (have ${await rowCount()})`);
  let rows = await rowsOf();
  const first = rows.get(uri('p0'));
  assert.ok(first, 'keyed by the at:// URI');
  assert.deepEqual(
    [first.platform, first.uri, first.source, first.author_id, first.text, first.label_status],
    ['bluesky', uri('p0'), 'bluesky', DID, `${texts[0]} #0`, 'ok'],
  );
  assert.equal(first.url, `https://bsky.app/profile/${DID}/post/p0`);
  assert.ok(![...rows.keys()].some((k) => k.includes('/de')), 'German posts were filtered at the source (--lang en)');
  const kafka = createKafka({ security: securityFromEnv().kafka, brokers: f.stack.kafkaBrokers, clientId: 'bluesky-test' });
  const letters = await readLetters(kafka, f.names.rawDlq);
  assert.equal(letters.length, 3, 'three malformed frames dead-lettered');
  const reasons = letters.map((l) => l.headers[DeadLetterHeader.errorMessage] ?? '').sort();
  assert.match(reasons.join('\n'), /not JSON/);
  assert.match(reasons.join('\n'), /time_us/);
  assert.match(reasons.join('\n'), /text/);
  assert.ok(
    letters.every((l) => l.headers[DeadLetterHeader.stage] === 'produce' && l.value !== null),
    'with the stage and the original frame',
  );

  // 2. kill -9 the producer mid-stream; posts published while it is down arrive after the restart, once each.
  for (let i = 40; i < 60; i++) server.post(DID, `p${i}`, record(i));
  assert.ok(await eventually(async () => (await rowCount()) > 40, 120_000), 'the producer is mid-stream');
  producer!.kill('SIGKILL');
  assert.equal(await producer!.exited, 'SIGKILL');
  for (let i = 60; i < 80; i++) server.post(DID, `p${i}`, record(i));
  startProducer(2);
  assert.ok(await eventually(async () => (await rowCount()) >= 80, 180_000), `no gap: 80 rows (have ${await rowCount()})`);
  const resumed = server.connections.at(-1)!.query.get('cursor');
  assert.ok(
    resumed !== null && Number(resumed) > server.log[0]!.time_us,
    `the restart resumed from the stored cursor (${resumed}), not from the start or the live tail`,
  );
  await sleep(3_000);
  rows = await rowsOf();
  assert.equal(rows.size, 80, 'no duplicate rows');
  for (let i = 0; i < 80; i++) assert.ok(rows.has(uri(`p${i}`)), `p${i} is there`);
  assert.ok(
    (await countRecords(f.stack, f.names.raw)) > 80,
    'the rewind re-sent some posts to tweets.raw: duplicates that did not become rows',
  );

  // 3. A delete removes the row; 4. an edit updates it.
  server.deletePost(DID, 'p1');
  server.deletePost(DID, 'p2');
  server.post(DID, 'p3', { ...record(3), text: 'Edited: the vaccine clinic moved to the town hall' }, 'update');
  assert.ok(await eventually(async () => (await rowCount()) === 78, 120_000), `deleted rows go (have ${await rowCount()})`);
  assert.ok(
    await eventually(async () => (await rowsOf()).get(uri('p3'))?.text === 'Edited: the vaccine clinic moved to the town hall', 120_000),
    'the edit reached MySQL',
  );
  rows = await rowsOf();
  assert.ok(!rows.has(uri('p1')) && !rows.has(uri('p2')));
  assert.ok(rows.get(uri('p3'))!.edited_at instanceof Date, 'edited_at is set');
  const [deleted] = await f.pool.query<RowDataPacket[]>(`SELECT tweet_id FROM ${deletionsTable(f.names.table)} ORDER BY tweet_id`);
  assert.deepEqual(
    deleted.map((r) => r.tweet_id),
    [uri('p1'), uri('p2')],
    'the deletions log tells the dashboard',
  );

  // 5. A dropped socket reconnects; 6. so does a silent one.
  const before = server.connections.length;
  server.dropAll();
  assert.ok(await eventually(async () => server.connections.length > before && server.open.size === 1, 60_000), 'reconnected after a drop');
  for (let i = 80; i < 85; i++) server.post(DID, `p${i}`, record(i));
  assert.ok(await eventually(async () => (await rowCount()) === 83, 120_000), `posts after the drop arrive (have ${await rowCount()})`);
  const beforeSilence = server.connections.length;
  server.silent = true;
  assert.ok(await eventually(async () => server.connections.length > beforeSilence, 60_000), 'a silent socket is given up and replaced');
  server.silent = false;
  assert.ok(await eventually(async () => server.open.size >= 1, 60_000));
  for (let i = 85; i < 90; i++) server.post(DID, `p${i}`, record(i));
  assert.ok(await eventually(async () => (await rowCount()) === 88, 120_000), `posts after the stall arrive (have ${await rowCount()})`);
  assert.equal(await f.deadLetters(f.names.classifiedDlq), 0, 'the sink dead-lettered nothing');
});
