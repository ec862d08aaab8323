import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { createPipelineFixture, post } from '../helpers/pipeline-fixture.ts';
import { eventually } from '../helpers/wait.ts';

/**
 * The live rollout of issue 4 with the real stages as processes: classify writes classification
 * v1 while the sink runs; the classifier is switched to v2 without stopping the sink; nothing
 * is lost or dead-lettered, and v1 rows carry the v2 defaults.
 */
const HALF = 150;

test('switch the classifier from v1 to v2 under a running sink: no message lost or dead-lettered', { timeout: 300_000 }, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('ro');
  t.after(() => f.close());
  const sink = f.startSink();
  const v1 = f.startClassify(0, -1, ['--output-schema', 'schemas/history/classification.v1.avsc']);
  await f.produce(Array.from({ length: HALF }, (_, i) => post(`ro1-${i}`, i)));
  assert.ok(await eventually(async () => (await f.rows()) >= HALF, 120_000), 'v1 results reach MySQL');

  v1.kill('SIGTERM');
  assert.equal(await v1.exited, 0);
  f.startClassify(0); // the committed schema: v3
  await f.produce(Array.from({ length: HALF }, (_, i) => post(`ro2-${i}`, HALF + i)));
  assert.ok(await eventually(async () => (await f.rows()) >= 2 * HALF, 120_000), `v2 results reach MySQL (have ${await f.rows()})`);
  await sleep(2_000);

  assert.equal(await f.rows(), 2 * HALF);
  assert.equal(await f.deadLetters(f.names.classifiedDlq), 0, 'the sink dead-lettered nothing');
  assert.equal(sink.child.exitCode, null, 'the sink ran through the switch');
  const [rows] = await f.pool.query(
    `SELECT LEFT(tweet_id, 3) AS wave, schema_version, language, COUNT(*) AS n FROM ${f.names.table} GROUP BY wave, schema_version, language`,
  );
  const waves = (rows as Array<{ wave: string; schema_version: number; language: string; n: number }>)
    .map((r) => `${r.wave}:v${r.schema_version}:${r.language}:${r.n}`)
    .sort();
  assert.deepEqual(
    waves,
    [`ro1:v1:und:${HALF}`, `ro2:v3:en:${HALF}`],
    'v1 rows carry the defaults, rows of the committed schema (v3) the new fields',
  );
});
