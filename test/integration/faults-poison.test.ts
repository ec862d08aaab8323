import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { securityFromEnv } from '../../src/config/security.ts';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { readLetters } from '../../src/dlq/read.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { DeadLetterHeader } from '../../src/kafka/dead-letter.ts';
import { valueSubject } from '../../src/kafka/topics.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { createRegistryApi } from '../../src/schemas/registry-api.ts';
import { createPipelineFixture, post } from '../helpers/pipeline-fixture.ts';
import { type PoisonKind, poisonRecords } from '../helpers/poison.ts';
import { eventually } from '../helpers/wait.ts';

/** 1,000 poison records among 10,000 valid ones: every valid post lands, every poison one is dead-lettered with a reason. */
const VALID = 10_000;
const KINDS: Array<[PoisonKind, number]> = [
  ['garbage', 250],
  ['unknown-schema', 250],
  ['wrong-types', 250],
  ['invalid-utf8', 200],
  ['huge-text', 50],
];
const POISON = KINDS.reduce((n, [, c]) => n + c, 0);

test('1,000 poison records among 10,000 valid: 10,000 rows, 1,000 dead letters with reasons, no crash', { timeout: 900_000 }, async (t) => {
  await ensureModels();
  const f = await createPipelineFixture('px');
  t.after(() => f.close());
  const api = createRegistryApi(f.stack.registryUrl, securityFromEnv().registry.auth);
  const tweetId = await api.register(valueSubject(f.names.raw), loadSchemaText(Contract.tweet));
  const otherId = await api.register(
    `${f.names.raw}-other-value`,
    JSON.stringify({ type: 'record', name: 'Other', fields: [{ name: 'n', type: 'int' }] }),
  );
  t.after(() => api.deleteSubject(`${f.names.raw}-other-value`).catch(() => undefined));

  const producer = createKafka({ security: securityFromEnv().kafka, brokers: f.stack.kafkaBrokers, clientId: 'poisoner' }).producer();
  await producer.connect();
  const valid = Array.from({ length: VALID }, (_, i) => post(`px${i}`, i));
  const half = VALID / 2;
  assert.equal((await f.produce(valid.slice(0, half))).produced, half);
  for (const [kind, count] of KINDS) {
    const messages = poisonRecords(kind, count, tweetId, otherId);
    const perSend = kind === 'huge-text' ? 1 : 250; // a 1 MB record is sent alone, under the broker's batch limit
    for (let i = 0; i < messages.length; i += perSend)
      await producer.send({ topic: f.names.raw, messages: messages.slice(i, i + perSend) });
  }
  await producer.disconnect();
  assert.equal((await f.produce(valid.slice(half))).produced, half);

  const classify = f.startClassify(0);
  const sink = f.startSink();
  assert.ok(await eventually(async () => (await f.rows()) >= VALID, 600_000, 1_000), `all valid posts arrive (have ${await f.rows()})`);
  await sleep(2_000);
  assert.equal(await f.rows(), VALID);
  const letters = await readLetters(
    createKafka({ security: securityFromEnv().kafka, brokers: f.stack.kafkaBrokers, clientId: 'poison-reader' }),
    f.names.rawDlq,
  );
  assert.equal(letters.length, POISON);
  for (const l of letters) {
    assert.equal(l.headers[DeadLetterHeader.stage], 'classify');
    assert.ok((l.headers[DeadLetterHeader.errorMessage] ?? '').length > 0, 'every dead letter says why');
    assert.equal(l.headers[DeadLetterHeader.originalTopic], f.names.raw);
  }
  const reasons = letters.map((l) => l.headers[DeadLetterHeader.errorMessage]!).join('\n');
  assert.match(reasons, /Unknown schema id/);
  assert.match(reasons, /not valid UTF-8/);
  assert.match(reasons, /over the 10000 limit/);
  assert.equal(classify.child.exitCode, null, 'the classifier is still running');
  assert.equal(sink.child.exitCode, null, 'the sink is still running');
});
