import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { stackServices, stackUp } from '../../src/stack/index.ts';
import { stopProcess } from '../../src/stack/proc.ts';
import { createPipelineFixture, post } from '../helpers/pipeline-fixture.ts';
import { ensureStack } from '../helpers/stack.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * Outages of the shared single-node stack's services, mid-stream: the stages retry and
 * nothing is lost, duplicated or dead-lettered. These tests stop and restart the services
 * that every other test uses, so they restore them before returning.
 */
const N = 600;

async function outage(name: 'kafka' | 'mysql', ms: number): Promise<void> {
  const { config } = await ensureStack();
  const service = stackServices(config).find((s) => s.name === name)!;
  await stopProcess(service.pidFile, service.stopGraceMs);
  await sleep(ms);
  await stackUp(config);
}

test('stop MySQL for 20 s mid-stream: the sink retries, nothing dead-lettered, exactly N rows', { timeout: 300_000 }, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('om');
  t.after(() => f.close());
  f.startClassify(0);
  const sink = f.startSink();
  const producing = f.produce(
    Array.from({ length: N }, (_, i) => post(`om${i}`, i)),
    20,
  );
  assert.ok(await eventually(async () => (await f.rows()) > 50, 120_000), 'rows flow before the outage');
  await outage('mysql', 20_000);
  assert.equal((await producing).produced, N);
  assert.ok(await eventually(async () => (await f.rows()) >= N, 180_000), `all rows arrive after the outage (have ${await f.rows()})`);
  await sleep(2_000);
  assert.equal(await f.rows(), N);
  assert.equal(await f.deadLetters(f.names.classifiedDlq), 0, 'no dead letters from a transient outage');
  assert.equal(sink.child.exitCode, null, 'the sink kept running');
});

test('stop the broker for 20 s mid-stream: exactly N rows once it is back', { timeout: 400_000 }, async (t) => {
  const f = await createPipelineFixture('ob');
  t.after(() => f.close());
  f.startClassify(0);
  f.startSink();
  const producing = f.produce(
    Array.from({ length: N }, (_, i) => post(`ob${i}`, i)),
    20,
  );
  assert.ok(await eventually(async () => (await f.rows()) > 50, 120_000), 'rows flow before the outage');
  await outage('kafka', 20_000);
  assert.equal((await producing).produced, N, 'the producer rode out the outage');
  assert.ok(await eventually(async () => (await f.rows()) >= N, 240_000), `all rows arrive after the outage (have ${await f.rows()})`);
  await sleep(2_000);
  assert.equal(await f.rows(), N);
  assert.equal(await f.committedResults(), N);
  assert.equal(await f.deadLetters(f.names.rawDlq), 0);
});
