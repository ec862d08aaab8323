import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { securityFromEnv } from '../../src/config/security.ts';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { historyOf } from '../../src/schemas/history.ts';
import { createRegistryApi } from '../../src/schemas/registry-api.ts';
import { createDeserializer, createSchemaRegistry, prepareSerializer } from '../../src/schemas/serde.ts';
import { PROJECT_COMPATIBILITY } from '../../src/schemas/subjects.ts';
import { ensureStack, uniqueName } from '../helpers/stack.ts';

/**
 * The platform-neutral contracts through the real registry: on subjects at the project's level
 * (BACKWARD_TRANSITIVE), every released version registered in order is accepted, the committed
 * schema is the last of them, and a record written with an older version is read by the new
 * reader with the defaults.
 */
const subjects: string[] = [];
after(async () => {
  const api = createRegistryApi((await ensureStack()).registryUrl, securityFromEnv().registry.auth);
  for (const s of subjects) await api.deleteSubject(s, { permanent: true }).catch(() => undefined);
});

for (const contract of [Contract.tweet, Contract.classification]) {
  test(`${contract}: every release registers in order under ${PROJECT_COMPATIBILITY}, the committed schema is the latest`, async () => {
    const { registryUrl } = await ensureStack();
    const api = createRegistryApi(registryUrl, securityFromEnv().registry.auth);
    const topic = uniqueName(`test-v3-${contract}`);
    const subject = `${topic}-value`;
    subjects.push(subject);
    await api.setCompatibility(PROJECT_COMPATIBILITY, subject);
    const history = historyOf(contract);
    assert.ok(history.length >= 2);
    const ids: number[] = [];
    for (const h of history) ids.push(await api.register(subject, h.schema));
    assert.deepEqual(
      await api.versions(subject),
      history.map((_, i) => i + 1),
    );
    const registry = createSchemaRegistry(registryUrl, securityFromEnv().registry.auth);
    const serializer = await prepareSerializer<Record<string, unknown>>(registry, api, topic, contract);
    assert.equal(serializer.schemaId, ids.at(-1), 'the committed schema is the latest release: unchanged');
    assert.equal(JSON.stringify(JSON.parse(loadSchemaText(contract))), history.at(-1)!.schema);
  });
}

test('a post written with the first release is read by the new reader with platform x', async () => {
  const { registryUrl } = await ensureStack();
  const api = createRegistryApi(registryUrl, securityFromEnv().registry.auth);
  const subject = `${uniqueName('test-v3-read')}-value`;
  subjects.push(subject);
  await api.setCompatibility(PROJECT_COMPATIBILITY, subject);
  const [v1] = historyOf('tweet');
  const id = await api.register(subject, v1!.schema);
  const registry = createSchemaRegistry(registryUrl, securityFromEnv().registry.auth);
  const bytes = await registry.encode(id, {
    id: '1',
    text: 'old',
    created_at: 0,
    author: { id: 'a', handle: 'a' },
    lang: null,
    source: 'file',
    hashtags: [],
    metrics: null,
    ingested_at: 0,
  });
  const read = await createDeserializer<Record<string, unknown>>(registry, Contract.tweet).decode(bytes);
  assert.deepEqual([read.platform, read.uri, read.langs, read.edited_at], ['x', '', [], null]);
});
