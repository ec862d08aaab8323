import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parseCli } from '../../src/config/cli.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import { Contract, schemaPath } from '../../src/contracts/avro.ts';
import { type AppError, ErrorCode } from '../../src/errors/app-error.ts';
import { schemasSpec } from '../../src/schemas/cli/config.ts';
import { runSchemasCommand } from '../../src/schemas/cli/run.ts';
import { COMPATIBILITY_LEVELS } from '../../src/schemas/compatibility-level.ts';
import { HISTORY_DIR } from '../../src/schemas/history.ts';
import { createRegistryApi, type RegistryApi } from '../../src/schemas/registry-api.ts';
import { createDeserializer, createSchemaRegistry, prepareSerializer } from '../../src/schemas/serde.ts';
import { ensureStack, uniqueName } from '../helpers/stack.ts';

/**
 * The schemas CLI against the real registry (Apicurio's Confluent-compatible API). Every test
 * works on its own subjects and deletes them afterwards.
 */
let registryUrl: string;
let api: RegistryApi;
let dir: string;
const subjects: string[] = [];
const v1File = join(HISTORY_DIR, 'classification.v1.avsc');
const v2File = schemaPath(Contract.classification);

before(async () => {
  registryUrl = (await ensureStack()).registryUrl;
  api = createRegistryApi(registryUrl, securityFromEnv().registry.auth);
  dir = await mkdtemp(join(tmpdir(), 'schemas-it-'));
});

after(async () => {
  for (const subject of subjects) await api.deleteSubject(subject, { permanent: true }).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

function newSubject(): string {
  const subject = `${uniqueName('test-schemas')}-value`;
  subjects.push(subject);
  return subject;
}

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const parsed = parseCli(schemasSpec, [...argv, '--registry-url', registryUrl], {});
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

/** classification v2 with an edit, as a file named like the contract. */
async function v3File(name: string, edit: (s: { fields: Array<{ name: string; type: unknown }> }) => void): Promise<string> {
  const schema = JSON.parse(await readFile(v2File, 'utf8'));
  edit(schema);
  const file = join(dir, `${name}.classification.avsc`);
  await writeFile(file, JSON.stringify(schema));
  return file;
}

test('v1 then v2 register; registering again is a no-op', async () => {
  const subject = newSubject();
  const first = await cli('register', '--subject', subject, v1File);
  assert.equal(first.code, 0, first.err);
  assert.match(first.out, new RegExp(`^${subject} \\(.*classification\\.v1\\.avsc\\): registered version 1, id \\d+$`));
  const second = await cli('register', '--subject', subject, v2File);
  assert.equal(second.code, 0, second.err);
  assert.match(second.out, /registered version 2, id \d+$/);
  const again = await cli('register', '--subject', subject, v2File);
  assert.match(again.out, /: unchanged, version 2, id \d+$/);
  assert.deepEqual(await api.versions(subject), [1, 2]);

  const versions = await cli('versions', subject);
  assert.match(versions.out, /^v1 {2}id \d+\nv2 {2}id \d+$/);
  const show = await cli('show', subject, 'v1');
  assert.match(show.out, new RegExp(`^# ${subject} v1 id \\d+\\n\\{`));
  assert.ok(!show.out.includes('topic_scores'));
  const diff = await cli('diff', subject, '1', 'latest');
  assert.equal(diff.code, 0);
  assert.match(diff.out, /\+ `topic_scores`: map<double>, default \{\}/);
  assert.match(diff.out, /v2 reads v1 records \(backward\): yes/);
  assert.match(diff.out, /v1 reads v2 records \(forward\): yes/);
  const list = await cli('list');
  assert.match(list.out, new RegExp(`^${subject} {2}latest v2 {2}\\(2 versions, \\w+\\)$`, 'm'));
});

test('under FORWARD, a v3 that removes a field without a default is refused by check and by the registry', async () => {
  const subject = newSubject();
  assert.equal((await cli('register', '--subject', subject, v1File)).code, 0);
  assert.equal((await cli('register', '--subject', subject, v2File)).code, 0);
  assert.equal((await cli('compat', 'set', subject, 'FORWARD')).code, 0);
  const v3 = await v3File('no-text', (s) => {
    s.fields = s.fields.filter((f) => f.name !== 'text');
  });
  const reason =
    'field `text` removed, and the old schema has no default for it: consumers still on the old schema cannot read new records';

  const check = await cli('check', '--subject', subject, v3);
  assert.equal(check.code, 1);
  assert.match(check.err, /INCOMPATIBLE under FORWARD/);
  assert.ok(check.err.includes(reason), check.err);

  const register = await cli('register', '--subject', subject, v3);
  assert.equal(register.code, 1);
  assert.match(register.err, /REJECTED by the registry under FORWARD/);
  assert.ok(register.err.includes(reason), register.err);
  assert.match(register.err, /registry: The registry rejected the schema/);
  assert.doesNotMatch(register.err, /io\.apicurio|Exception/, 'no Java class names');

  await assert.rejects(
    api.register(subject, await readFile(v3, 'utf8')),
    (e: AppError) => e.code === ErrorCode.SCHEMA_REJECTED && e.context.status === 409,
  );
  assert.deepEqual(await api.versions(subject), [1, 2], 'nothing registered');
});

test('under BACKWARD_TRANSITIVE, a type change is refused with both types named', async () => {
  const subject = newSubject();
  assert.equal((await cli('compat', 'set', subject, 'BACKWARD_TRANSITIVE')).code, 0);
  assert.equal((await cli('register', '--subject', subject, v1File)).code, 0);
  const v3 = await v3File('typed', (s) => {
    s.fields.find((f) => f.name === 'tweet_id')!.type = 'long';
  });
  const check = await cli('check', '--subject', subject, v3);
  assert.equal(check.code, 1);
  assert.match(check.err, /field `tweet_id` changed type from string to long, which Avro cannot convert: old records cannot be read/);
  const ok = await cli('check', '--subject', subject, v2File);
  assert.equal(ok.code, 0, ok.err);
  assert.match(ok.out, /compatible under BACKWARD_TRANSITIVE/);
});

test('a producer refuses to start with a schema the registry rejects, saying why', async () => {
  const topic = uniqueName('test-schemas-topic');
  const subject = `${topic}-value`;
  subjects.push(subject);
  // An earlier, unrelated contract on the subject: the current classification schema cannot read it.
  await api.register(
    subject,
    JSON.stringify({ type: 'record', name: 'Classification', namespace: 'streamsense', fields: [{ name: 'tweet_id', type: 'long' }] }),
  );
  await assert.rejects(
    prepareSerializer(createSchemaRegistry(registryUrl, securityFromEnv().registry.auth), api, topic, Contract.classification),
    (e: AppError) => {
      assert.equal(e.code, ErrorCode.SCHEMA_REJECTED);
      assert.match(e.message, /The registry rejected the schema for subject/);
      assert.match(e.message, /field `tweet_id` changed type from long to string/);
      assert.match(e.message, /field `text` added without a default: old records cannot be read/);
      return true;
    },
  );
});

test('compat get/set round-trips all seven levels on a subject; get alone shows the global level', async () => {
  const subject = newSubject();
  for (const level of COMPATIBILITY_LEVELS) {
    const set = await cli('compat', 'set', subject, level.toLowerCase());
    assert.deepEqual([set.code, set.out], [0, `${subject}: ${level}`]);
    const get = await cli('compat', 'get', subject);
    assert.deepEqual([get.code, get.out], [0, `${subject}: ${level}`]);
  }
  const global = await cli('compat', 'get');
  assert.match(global.out, /^global: (BACKWARD|BACKWARD_TRANSITIVE|FORWARD|FORWARD_TRANSITIVE|FULL|FULL_TRANSITIVE|NONE)$/);
  const bad = await cli('compat', 'set', subject, 'SIDEWAYS');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /unknown compatibility level "SIDEWAYS"; use one of BACKWARD, /);
});

test('a subject with no versions: check accepts, versions says so', async () => {
  const subject = newSubject();
  const check = await cli('check', '--subject', subject, v2File);
  assert.equal(check.code, 0);
  assert.match(check.out, /no versions registered yet/);
  const versions = await cli('versions', subject);
  assert.equal(versions.code, 1);
  assert.match(versions.err, /no such subject/);
});

test('a record naming a schema id the registry does not have is a non-retriable decode error', async () => {
  const record = Buffer.alloc(8);
  record.writeUInt8(0, 0);
  record.writeInt32BE(2_000_000_000, 1);
  const deserializer = createDeserializer(createSchemaRegistry(registryUrl, securityFromEnv().registry.auth), Contract.classification);
  await assert.rejects(deserializer.decode(record), (e: AppError) => {
    assert.equal(e.code, ErrorCode.DECODE);
    assert.equal(e.retriable, false);
    assert.match(e.message, /Unknown schema id 2000000000/);
    return true;
  });
});
