import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol, type MemberDescription } from 'kafkajs';
import { consumerLag } from '../../src/kafka/lag.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { withAdmin } from '../helpers/pipeline-env.ts';
import { createPipelineFixture, post } from '../helpers/pipeline-fixture.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Crash and shutdown tests with the stages as real processes: kill -9 mid-stream, SIGTERM,
 * and three classifiers sharing the work. Each test counts rows, committed results and
 * dead letters exactly.
 */
const N = 600;
const holdsPartitions = (member: MemberDescription): boolean => {
  const assignment = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
  return Object.values(assignment?.assignment ?? {}).some((partitions) => partitions.length > 0);
};
const posts = (prefix: string) => Array.from({ length: N }, (_, i) => post(`${prefix}${i}`, i));

test('kill -9 the classifier mid-stream: exactly N rows and N committed results', { timeout: 300_000 }, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('kc');
  t.after(() => f.close());
  assert.equal((await f.produce(posts('kc'))).produced, N);
  f.startSink();
  // Small windows, so the stream is many windows long and the kill lands with one committing and
  // the next being scored; with the default window (512) the 600 posts are barely two windows.
  const windows = ['--window-size', '40'];
  const first = f.startClassify(0, -1, windows);
  assert.ok(await eventually(async () => (await f.rows()) >= N / 4, 120_000), 'the classifier made progress before the crash');
  first.kill('SIGKILL');
  assert.equal(await first.exited, 'SIGKILL');
  assert.ok((await f.rows()) < N, 'the crash happened mid-stream');
  f.startClassify(0, -1, windows); // same transactional id: fences the dead instance, aborts its open transaction
  assert.ok(await eventually(async () => (await f.rows()) >= N, 180_000), `all rows arrive (have ${await f.rows()})`);
  await sleep(2_000);
  assert.equal(await f.rows(), N);
  assert.equal(await f.committedResults(), N, 'read_committed sees exactly one result per post');
  assert.equal(await f.deadLetters(f.names.rawDlq), 0);
});

test('kill -9 the sink mid-batch: exactly N rows', { timeout: 300_000 }, async (t) => {
  const f = await createPipelineFixture('ks');
  t.after(() => f.close());
  assert.equal((await f.produce(posts('ks'))).produced, N);
  f.startClassify(0);
  const first = f.startSink();
  assert.ok(await eventually(async () => (await f.rows()) > 0, 120_000));
  first.kill('SIGKILL');
  await first.exited;
  const atCrash = await f.rows();
  f.startSink();
  assert.ok(await eventually(async () => (await f.rows()) >= N, 180_000), `all rows arrive (crash at ${atCrash})`);
  await sleep(2_000);
  assert.equal(await f.rows(), N);
  assert.equal(await f.deadLetters(f.names.classifiedDlq), 0);
});

test('SIGTERM: each script exits 0 within 10 s with its offsets committed', { timeout: 300_000 }, async (t) => {
  const f = await createPipelineFixture('st');
  t.after(() => f.close());
  await f.produce(posts('st').slice(0, 200));
  const classify = f.startClassify(0);
  const sink = f.startSink();
  assert.ok(await eventually(async () => (await f.rows()) >= 200, 120_000));
  for (const stage of [classify, sink]) {
    const t0 = Date.now();
    stage.kill('SIGTERM');
    assert.equal(await stage.exited, 0, `${stage.name} exits 0`);
    assert.ok(Date.now() - t0 < 10_000, `${stage.name} stopped in ${Date.now() - t0} ms`);
  }
  await withAdmin(async (admin) => {
    assert.equal(await consumerLag(admin, f.configs.classify.groupId, f.names.raw), 0, 'classify committed everything it read');
    assert.equal(await consumerLag(admin, f.configs.sink.groupId, f.names.classified), 0, 'sink committed everything it read');
  });
  // A restart finds nothing to do: no record is processed twice.
  const again = f.startClassify(0, 19_871);
  // Wait on state, not on time: the restarted classifier holds partitions and has reported its lag.
  const rejoined = await eventually(
    () =>
      withAdmin(async (admin) => {
        const [group] = (await admin.describeGroups([f.configs.classify.groupId])).groups;
        return group?.state === 'Stable' && group.members.length === 1 && group.members.every(holdsPartitions);
      }),
    180_000,
    1_000,
  );
  assert.ok(rejoined, 'the restarted classifier joined its group');
  const scrape = () =>
    fetch('http://127.0.0.1:19871/metrics').then(
      (r) => r.text(),
      () => '',
    );
  assert.ok(await eventually(async () => /streamsense_consumer_lag\{[^}]*\} 0\n/.test(await scrape()), 60_000), 'and reports zero lag');
  const metrics = await scrape();
  assert.doesNotMatch(metrics, /streamsense_records_consumed_total\{[^}]*\} [1-9]/, 'the restarted classifier consumed nothing');
  assert.match(metrics, /streamsense_consumer_lag\{[^}]*\} 0\n/, 'and reports zero lag');
  again.kill('SIGTERM');
  assert.equal(await again.exited, 0);
});

test('3 classifiers in one group on 6 partitions share the work; kill one, the rest take over', { timeout: 400_000 }, async (t) => {
  const f = await createPipelineFixture('k3');
  t.after(() => f.close());
  const ports = [19_881, 19_882, 19_883];
  const classifiers = ports.map((port, i) => f.startClassify(i, port));
  f.startSink();
  // All three must hold partitions before the backlog exists, or the first two to start could
  // drain it while the third is still loading its model.
  const joined = await eventually(
    () =>
      withAdmin(async (admin) => {
        const [group] = (await admin.describeGroups([f.configs.classify.groupId])).groups;
        return group?.state === 'Stable' && group.members.length === 3 && group.members.every(holdsPartitions);
      }),
    180_000,
    1_000,
  );
  assert.ok(joined, 'all three classifiers joined the group and hold partitions');
  const many = Array.from({ length: 2 * N }, (_, i) => post(`k3${i}`, i));
  assert.equal((await f.produce(many)).produced, 2 * N);
  const consumedBy = async (port: number) => {
    const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((r) => r.text());
    return Number(/streamsense_records_consumed_total\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0);
  };
  assert.ok(
    await eventually(async () => (await Promise.all(ports.map(consumedBy))).every((n) => n > 0), 120_000),
    'each classifier got work',
  );
  classifiers[0]!.kill('SIGKILL');
  await classifiers[0]!.exited;
  assert.ok(await eventually(async () => (await f.rows()) >= 2 * N, 240_000), `the others finish the work (have ${await f.rows()})`);
  await sleep(2_000);
  assert.equal(await f.rows(), 2 * N);
  assert.equal(await f.committedResults(), 2 * N);
});
