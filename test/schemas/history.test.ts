import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { checkSchemaCompatibility } from '../../src/schemas/compatibility.ts';
import { COMPATIBILITY_LEVELS } from '../../src/schemas/compatibility-level.ts';
import { historyOf, readSchemaAtRef, readSchemaFile, schemaNameOf } from '../../src/schemas/history.ts';

test('history files are read oldest first, by number not by name', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'schemas-history-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const s = (n: number) => JSON.stringify({ type: 'record', name: 'R', fields: [{ name: `f${n}`, type: 'int', default: n }] });
  await writeFile(join(dir, 'post.v10.avsc'), s(10));
  await writeFile(join(dir, 'post.v2.avsc'), `${s(2)}\n`);
  await writeFile(join(dir, 'other.v1.avsc'), s(1));
  await writeFile(join(dir, 'post.avsc'), s(0));
  const history = historyOf('post', dir);
  assert.deepEqual(
    history.map((h) => h.version),
    [2, 10],
  );
  assert.equal(history[0]!.schema, s(2), 'compact JSON');
  assert.deepEqual(historyOf('post', join(dir, 'missing')), []);
});

test('schema names come from file names, history or not', () => {
  assert.equal(schemaNameOf('schemas/classification.avsc'), 'classification');
  assert.equal(schemaNameOf('/x/schemas/history/classification.v12.avsc'), 'classification');
});

test('the repo keeps the released versions of both contracts, and the latest equals the working file', () => {
  for (const contract of Object.values(Contract)) {
    const history = historyOf(contract);
    assert.ok(history.length >= 1, `${contract} has a history`);
    assert.equal(history.at(-1)!.schema, loadSchemaText(contract), `${contract}.avsc is released as v${history.at(-1)!.version}`);
    for (const level of COMPATIBILITY_LEVELS) {
      const report = checkSchemaCompatibility(loadSchemaText(contract), history.slice(0, -1), level);
      assert.ok(report.compatible, `${contract} under ${level}`);
    }
  }
});

test('classification v1 history is the v1 contract: no v2 fields', () => {
  const v1 = JSON.parse(historyOf('classification')[0]!.schema) as { fields: Array<{ name: string }> };
  const names = v1.fields.map((f) => f.name);
  assert.ok(names.includes('pipeline_latency_ms'));
  assert.ok(!names.includes('topic_scores') && !names.includes('language') && !names.includes('schema_version'));
});

test('a schema at a git revision is read with git show', async () => {
  const first = await readSchemaAtRef('HEAD', join(import.meta.dirname, '../../schemas/tweet.avsc'));
  assert.equal(first.label, 'HEAD:schemas/tweet.avsc');
  assert.equal(JSON.parse(first.schema).name, 'Tweet');
  await assert.rejects(
    readSchemaAtRef('HEAD', join(import.meta.dirname, '../../schemas/nope.avsc')),
    /git has no schemas\/nope.avsc at HEAD/,
  );
});

test('unreadable or invalid files are INVALID_INPUT errors naming the file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'schemas-bad-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'bad.avsc'), '{"type":');
  assert.throws(
    () => readSchemaFile(join(dir, 'bad.avsc')),
    (e: Error & { code?: string }) => e.code === 'INVALID_INPUT' && /bad.avsc is not valid JSON/.test(e.message),
  );
  assert.throws(() => readSchemaFile(join(dir, 'none.avsc')), /Cannot read schema file/);
});
