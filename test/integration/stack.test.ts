import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Kafka, KafkaMessage } from 'kafkajs';
import mysql from 'mysql2/promise';
import type { Connection } from '../../src/config/connections.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import { createKafka, producerDefaults } from '../../src/kafka/client.ts';
import { topics } from '../../src/kafka/topics.ts';
import { type StackConfig, stackConnection, stackDown, stackStatus, stackUp } from '../../src/stack/index.ts';
import { ensureStack, privateStackConfig, type TestStack, uniqueName } from '../helpers/stack.ts';

/**
 * Integration suite for the local stack (needs java, mvn and mariadbd; the first run fetches
 * Kafka and the registry from Maven Central). The restart case runs a second, private stack
 * on free ports in a temp dir, so the shared stack other suites use keeps running.
 */
const avroV1 = { type: 'record', name: 'Probe', namespace: 'streamsense.test', fields: [{ name: 'id', type: 'string' }] };
const avroV2Compatible = { ...avroV1, fields: [...avroV1.fields, { name: 'n', type: 'int', default: 0 }] };
const avroV2Incompatible = { ...avroV1, fields: [...avroV1.fields, { name: 'n', type: 'int' }] };

/** The fields of the registry's JSON replies that these tests read; an empty reply is null. */
interface RegistryReply {
  id?: number;
  schema?: string;
  compatibilityLevel?: string;
}

async function registry(url: string, method: string, body?: unknown): Promise<{ status: number; json: RegistryReply | null }> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as RegistryReply) : null };
}

function registerSchema(conn: Connection, subject: string, schema: object) {
  return registry(`${conn.registryUrl}/subjects/${subject}/versions`, 'POST', { schema: JSON.stringify(schema) });
}

function kafkaFor(conn: Connection): Kafka {
  return createKafka({ security: securityFromEnv().kafka, brokers: conn.kafkaBrokers, clientId: 'stack-test', logLevel: 'error' });
}

async function createTopic(kafka: Kafka, topic: string, partitions = 2): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }] });
  } finally {
    await admin.disconnect();
  }
}

async function produce(kafka: Kafka, topic: string, key: string, value: string): Promise<void> {
  const producer = kafka.producer({ ...producerDefaults, idempotent: true });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages: [{ key, value, headers: { origin: 'stack-test' } }] });
  } finally {
    await producer.disconnect();
  }
}

interface Consumed {
  key: string;
  value: string;
  origin: string;
}

/** Read `topic` from the beginning with a fresh group until a record with `key` arrives. */
async function consumeKey(kafka: Kafka, topic: string, key: string): Promise<Consumed> {
  const records = await readUntilKey(kafka, topic, key);
  const last = records[records.length - 1];
  return { key, value: String(last.value), origin: String(last.headers?.origin) };
}

/** Values read (read_committed, the kafkajs default) up to and including the record with `key`. */
async function consumeUntilKey(kafka: Kafka, topic: string, key: string): Promise<string[]> {
  return (await readUntilKey(kafka, topic, key)).map((m) => String(m.value));
}

async function readUntilKey(kafka: Kafka, topic: string, key: string): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('stack-test-group') });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const seen: KafkaMessage[] = [];
    return await new Promise<KafkaMessage[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no record with key ${key} on ${topic} within 60s`)), 60_000);
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push(message);
            if (message.key?.toString() !== key) return;
            clearTimeout(timer);
            resolve(seen);
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

async function withDb<T>(url: string, fn: (conn: mysql.Connection) => Promise<T>): Promise<T> {
  const conn = await mysql.createConnection(url);
  try {
    return await fn(conn);
  } finally {
    await conn.end();
  }
}

describe('stack (integration): shared stack', () => {
  let stack: TestStack;
  before(async () => {
    stack = await ensureStack();
  });

  it('reports every service running and healthy', async () => {
    const statuses = await stackStatus(stack.config);
    assert.deepEqual(
      statuses.map((s) => [s.name, s.healthy]),
      [
        ['kafka', true],
        ['registry', true],
        ['mysql', true],
      ],
    );
  });

  it('has created the project topics with the configured partition count', async () => {
    const admin = kafkaFor(stack).admin();
    await admin.connect();
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) });
      for (const topic of found)
        assert.ok(topic.partitions.length >= stack.config.kafka.partitions, `${topic.name} has ${topic.partitions.length} partitions`);
      assert.equal(found.length, topics.length);
    } finally {
      await admin.disconnect();
    }
  });

  it('produces and consumes a record through the broker', async (t) => {
    const kafka = kafkaFor(stack);
    const topic = uniqueName('stack-test');
    await createTopic(kafka, topic);
    t.after(() => deleteTopic(kafka, topic));
    await produce(kafka, topic, 'post-1', 'hello kafka');
    assert.deepEqual(await consumeKey(kafka, topic, 'post-1'), { key: 'post-1', value: 'hello kafka', origin: 'stack-test' });
  });

  it('kafkajs transactions work against this broker: committed records and offsets visible, aborted ones not', async (t) => {
    const kafka = kafkaFor(stack);
    const topic = uniqueName('stack-test-txn');
    const groupId = uniqueName('stack-test-txn-group');
    await createTopic(kafka, topic, 1);
    t.after(() => deleteTopic(kafka, topic));
    const producer = kafka.producer({
      ...producerDefaults,
      transactionalId: uniqueName('stack-test-tx'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic, messages: [{ key: 'a', value: 'aborted' }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({ topic, messages: [{ key: 'c', value: 'committed' }] });
      await committed.sendOffsets({ consumerGroupId: groupId, topics: [{ topic, partitions: [{ partition: 0, offset: '7' }] }] });
      await committed.commit();
    } finally {
      await producer.disconnect();
    }
    const seen = await consumeUntilKey(kafka, topic, 'c');
    assert.deepEqual(seen, ['committed']);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      assert.deepEqual(offsets.partitions, [{ partition: 0, offset: '7', metadata: null }]);
    } finally {
      await admin.disconnect();
    }
  });

  it('registry enforces BACKWARD: a compatible change is accepted, an incompatible one gets 409', async (t) => {
    const subject = `${uniqueName('stack-test')}-value`;
    t.after(() => deleteSubject(stack, subject));
    assert.equal((await registry(`${stack.registryUrl}/config`, 'GET')).json?.compatibilityLevel, 'BACKWARD');
    const first = await registerSchema(stack, subject, avroV1);
    assert.equal(first.status, 200);
    assert.equal(typeof first.json?.id, 'number');
    const rejected = await registerSchema(stack, subject, avroV2Incompatible);
    assert.equal(rejected.status, 409, JSON.stringify(rejected.json));
    const accepted = await registerSchema(stack, subject, avroV2Compatible);
    assert.equal(accepted.status, 200, JSON.stringify(accepted.json));
    assert.notEqual(accepted.json?.id, first.json?.id);
  });

  it('writes and reads a row in MySQL', async (t) => {
    const table = uniqueName('stack_test', '_');
    t.after(() => withDb(stack.mysqlUrl, (db) => db.query(`DROP TABLE IF EXISTS \`${table}\``)));
    const rows = await withDb(stack.mysqlUrl, async (db) => {
      await db.query(`CREATE TABLE \`${table}\` (id VARCHAR(32) PRIMARY KEY, body TEXT NOT NULL)`);
      await db.query(`INSERT INTO \`${table}\` (id, body) VALUES (?, ?)`, ['p1', 'héllo ✓']);
      const [result] = await db.query(`SELECT id, body FROM \`${table}\``);
      return result;
    });
    assert.deepEqual(rows, [{ id: 'p1', body: 'héllo ✓' }]);
  });
});

describe('stack (integration): data survives down and up', () => {
  let config: StackConfig;
  let conn: Connection;
  before(async () => {
    config = await privateStackConfig();
    conn = stackConnection(config);
    await stackUp(config);
  });
  after(async () => {
    await stackDown(config);
    await rm(config.dir, { recursive: true, force: true });
  });

  it('keeps topic records, registered schemas and table rows across a restart', async () => {
    const topic = uniqueName('stack-restart');
    const subject = `${topic}-value`;
    const table = uniqueName('restart', '_');
    const kafka = kafkaFor(conn);
    await createTopic(kafka, topic);
    await produce(kafka, topic, 'k1', 'kept');
    const registered = await registerSchema(conn, subject, avroV1);
    assert.equal(registered.status, 200);
    await withDb(conn.mysqlUrl, async (db) => {
      await db.query(`CREATE TABLE \`${table}\` (id INT PRIMARY KEY, v VARCHAR(16))`);
      await db.query(`INSERT INTO \`${table}\` VALUES (1, 'kept')`);
    });

    await stackDown(config);
    assert.ok((await stackStatus(config)).every((s) => s.state === 'stopped' && !s.healthy));
    await stackUp(config);

    assert.deepEqual(await consumeKey(kafka, topic, 'k1'), { key: 'k1', value: 'kept', origin: 'stack-test' });
    const latest = await registry(`${conn.registryUrl}/subjects/${subject}/versions/latest`, 'GET');
    assert.equal(latest.status, 200);
    assert.equal(latest.json?.id, registered.json?.id);
    assert.deepEqual(JSON.parse(latest.json!.schema!), avroV1);
    assert.equal((await registry(`${conn.registryUrl}/config`, 'GET')).json?.compatibilityLevel, 'BACKWARD');
    const rows = await withDb(conn.mysqlUrl, async (db) => (await db.query(`SELECT id, v FROM \`${table}\``))[0]);
    assert.deepEqual(rows, [{ id: 1, v: 'kept' }]);
  });
});

async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } finally {
    await admin.disconnect();
  }
}

async function deleteSubject(conn: Connection, subject: string): Promise<void> {
  await registry(`${conn.registryUrl}/subjects/${subject}`, 'DELETE');
  await registry(`${conn.registryUrl}/subjects/${subject}?permanent=true`, 'DELETE');
}
