import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseCli } from '../../../src/config/cli.ts';
import { securityFromEnv } from '../../../src/config/security.ts';
import { schemaPath } from '../../../src/contracts/avro.ts';
import { schemasSpec } from '../../../src/schemas/cli/config.ts';
import { runSchemasCommand } from '../../../src/schemas/cli/run.ts';

/** `schemas check --offline`: the CI gate, no registry involved. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const parsed = parseCli(schemasSpec, argv, {});
  assert.ok(!('help' in parsed));
  const out: string[] = [];
  const err: string[] = [];
  const code = await runSchemasCommand(parsed.config, parsed.positionals, {
    registryAuth: securityFromEnv().registry.auth,
    out: (l) => out.push(l),
    err: (l) => err.push(l),
  });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function editedClassification(
  t: { after: (fn: () => Promise<void>) => void },
  edit: (s: { fields: Array<{ name: string; type: unknown }> }) => void,
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'schemas-check-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const schema = JSON.parse(await readFile(schemaPath('classification'), 'utf8'));
  edit(schema);
  const file = join(dir, 'classification.avsc');
  await writeFile(file, JSON.stringify(schema, null, 2));
  return file;
}

test('the repo schemas pass the offline gate against their history', async () => {
  const { code, out } = await run(['check', '--offline']);
  assert.equal(code, 0);
  assert.match(out, /^tweet \(.*tweet\.avsc\): compatible under BACKWARD_TRANSITIVE/m);
  assert.match(out, /^classification \(.*classification\.avsc\): compatible under BACKWARD_TRANSITIVE \(3 checks\)/m);
});

test('a field added without a default fails the gate with the field named', async (t) => {
  const file = await editedClassification(t, (s) => s.fields.push({ name: 'score', type: 'double' }));
  const { code, err } = await run(['check', '--offline', file]);
  assert.equal(code, 1);
  assert.match(err, /INCOMPATIBLE under BACKWARD_TRANSITIVE/);
  assert.match(
    err,
    /against v1 \(.*classification\.v1\.avsc\) \(backward\):\n {4}- field `score` added without a default: old records cannot be read/,
  );
  assert.match(err, /against v2 /, 'transitive: every released version');
});

test('under FORWARD, removing a field without a default fails; --level picks the rule', async (t) => {
  const file = await editedClassification(t, (s) => {
    s.fields = s.fields.filter((f) => f.name !== 'text');
  });
  assert.equal((await run(['check', '--offline', file])).code, 0, 'BACKWARD: new readers ignore the dropped field');
  const { code, err } = await run(['check', '--offline', '--level', 'FORWARD', file]);
  assert.equal(code, 1);
  assert.match(
    err,
    /field `text` removed, and the old schema has no default for it: consumers still on the old schema cannot read new records/,
  );
});

test('--against compares with one given file, --against-ref with git', async (t) => {
  const changed = await editedClassification(t, (s) => {
    s.fields.find((f) => f.name === 'tweet_id')!.type = 'long';
  });
  const against = await run(['check', '--offline', '--against', schemaPath('classification'), changed]);
  assert.equal(against.code, 1);
  assert.match(against.err, /field `tweet_id` changed type from string to long, which Avro cannot convert: old records cannot be read/);
  const ref = await run(['check', '--offline', '--against-ref', 'HEAD', schemaPath('tweet')]);
  assert.equal(ref.code, 0);
  assert.match(ref.out, /tweet .* compatible/);
});

test('usage mistakes exit 2 with a message, not a stack trace', async () => {
  assert.equal((await run(['nonsense'])).code, 2);
  assert.match((await run([])).err, /missing command/);
  const twoFiles = await run(['check', '--offline', '--subject', 'x-value', schemaPath('tweet'), schemaPath('classification')]);
  assert.deepEqual([twoFiles.code, /--subject needs exactly one FILE/.test(twoFiles.err)], [2, true]);
  const unknown = await run(['check', '--offline', '/tmp/whatever.avsc']);
  assert.match(unknown.err, /not one of the contracts \(tweet, classification\); pass --subject/);
  assert.throws(() => parseCli(schemasSpec, ['check', '--against', 'x.avsc'], {}), /--against: only with --offline/);
  assert.throws(() => parseCli(schemasSpec, ['check', '--level', 'SIDEWAYS'], {}), /--level .*one of BACKWARD/);
});
