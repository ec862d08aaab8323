import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { parseCli } from '../../src/config/cli.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import { runDlqCommand } from '../../src/dlq/app.ts';
import { type DlqConfig, dlqSpec } from '../../src/dlq/config.ts';
import { readLetters } from '../../src/dlq/read.ts';
import { REPLAYED_FROM } from '../../src/dlq/replay.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { deadLetterMessage } from '../../src/kafka/dead-letter.ts';
import { createTopics, deleteTopics, uniqueSuffix } from '../helpers/pipeline-env.ts';
import { ensureStack, type TestStack } from '../helpers/stack.ts';

/** scripts/dlq.ts on the real broker: list, and replay once after a fix. */
const id = uniqueSuffix();
const dlq = `dlq${id}.dlq`;
const target = `dlq${id}.target`;
let stack: TestStack;

const config = (argv: string[]): DlqConfig => {
  const parsed = parseCli(dlqSpec, [...argv, '--brokers', stack.kafkaBrokers.join(','), '--registry-url', stack.registryUrl], {});
  assert.ok(!('help' in parsed));
  return parsed.config as DlqConfig;
};

before(async () => {
  stack = await ensureStack();
  await createTopics([dlq, target], 1);
  const producer = createKafka({ security: securityFromEnv().kafka, brokers: stack.kafkaBrokers, clientId: 'dlq-test' }).producer();
  await producer.connect();
  const fixedPost = { id: '42', text: 'fixed now', created_at: '2021-01-01T00:00:00Z', author: { id: '1', handle: 'a' } };
  await producer.send({
    topic: dlq,
    messages: [
      deadLetterMessage({
        stage: 'sink',
        errorClass: 'DATABASE',
        reason: 'table was missing',
        key: 'k1',
        value: Buffer.from([0, 0, 0, 0, 1, 2, 3]),
        original: { topic: target, partition: 0, offset: '7' },
      }),
      deadLetterMessage({
        stage: 'produce',
        errorClass: 'InvalidPost',
        reason: 'created_at missing',
        key: null,
        value: JSON.stringify(fixedPost),
        origin: 'file:x:1',
      }),
      deadLetterMessage({
        stage: 'produce',
        errorClass: 'UnparsableInput',
        reason: 'not JSON',
        key: null,
        value: '{"id":',
        origin: 'file:x:2',
      }),
    ],
  });
  await producer.disconnect();
});

after(() => deleteTopics([dlq, target]));

test('replay sends Kafka-origin letters back byte for byte and revalidated producer letters as tweets, once', async () => {
  const kafka = createKafka({ security: securityFromEnv().kafka, brokers: stack.kafkaBrokers, clientId: 'dlq-test' });
  assert.equal(
    await runDlqCommand('replay', config(['--topic', dlq, '--raw-topic', target]), securityFromEnv()),
    1,
    'exit 1: one letter is still invalid',
  );
  const replayed = await readLetters(kafka, target);
  assert.equal(replayed.length, 2);
  const raw = replayed.find((r) => r.key?.toString() === 'k1');
  assert.deepEqual(raw?.value, Buffer.from([0, 0, 0, 0, 1, 2, 3]));
  assert.equal(raw?.headers[REPLAYED_FROM], `${dlq}:0:0`);
  const tweet = replayed.find((r) => r.key?.toString() === '42');
  assert.equal(tweet?.value?.[0], 0, 'the revalidated post is Avro in the Confluent wire format');

  assert.equal(
    await runDlqCommand('replay', config(['--topic', dlq, '--raw-topic', target]), securityFromEnv()),
    0,
    'nothing left to replay',
  );
  assert.equal((await readLetters(kafka, target)).length, 2, 'a second replay sends nothing again');
});
