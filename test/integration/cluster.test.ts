import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin } from 'kafkajs';
import type { Pool } from 'mysql2/promise';
import { classify } from '../../src/classify/app.ts';
import { SaslMechanism, securityFromEnv } from '../../src/config/security.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { describeError } from '../../src/errors/app-error.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { loadClassifier, type TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { produce } from '../../src/produce/app.ts';
import type { Source } from '../../src/produce/source.ts';
import { createRegistryApi } from '../../src/schemas/registry-api.ts';
import { sink } from '../../src/sink/app.ts';
import { loadStackConfig, type StackConfig, stackDown, stackStatus, stackUp } from '../../src/stack/index.ts';
import { isPortFree } from '../../src/stack/net.ts';
import { readPidRecord } from '../../src/stack/proc.ts';
import { waitForTopicLeaders } from '../../src/stack/topics.ts';
import { isolatedStageFlags, type StageConfigs, stageConfigs } from '../../src/start/stage-configs.ts';
import { createLogger, type Logger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { pipelineNames } from '../helpers/pipeline-env.ts';
import { ensureStack } from '../helpers/stack.ts';

/**
 * Integration (needs the stack): a private 3-broker KRaft cluster (`stack up --brokers 3` in a
 * temp dir on free ports; the shared registry and MySQL serve the rest), the pipeline stages
 * in-process on fresh RF 3 / min.insync.replicas 2 topics, and a broker killed with SIGKILL
 * while posts are being produced. acks=all + idempotence must hide the loss of a broker: the
 * producer reports every post written, and MySQL ends with exactly one row per post.
 */
const N = 300;
const KILL_AFTER = 100;
const logger = createLogger('cluster-test');
const names = pipelineNames('cl');
const topicNames = [names.raw, names.classified, names.rawDlq, names.classifiedDlq];
const SASL_PASSWORD = `pw-${names.table}`;

let config: StackConfig;
let brokers: readonly string[];
let configs: StageConfigs;
let classifier: TextClassifier;
let pool: Pool;
let registryUrl: string;

/** Free ports P..P+10: brokers on P, P+2, P+4, controllers on P+1, P+3, P+5, SASL listeners on P+6, P+8, P+10. */
async function freePortBlock(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + 2 * Math.floor(Math.random() * 10_000);
    const free = await Promise.all(Array.from({ length: 11 }, (_, i) => isPortFree('127.0.0.1', base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error('no block of 6 free ports found');
}

async function clusterConfig(sharedKafkaLibs: string): Promise<StackConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ss-cluster-'));
  // The Kafka jars are the shared stack's; a private copy would cost a Maven run.
  await mkdir(path.join(dir, 'kafka'), { recursive: true });
  await symlink(sharedKafkaLibs, path.join(dir, 'kafka', 'libs'));
  const base = await freePortBlock();
  return loadStackConfig({
    ...process.env,
    MYSQL_URL: '',
    STREAMSENSE_STACK_DIR: dir,
    STREAMSENSE_BROKERS: '3',
    STREAMSENSE_KAFKA_PORT: String(base),
    STREAMSENSE_KAFKA_CONTROLLER_PORT: String(base + 1),
    STREAMSENSE_KAFKA_SASL_PORT: String(base + 6),
    STREAMSENSE_KAFKA_SASL_PASSWORD: SASL_PASSWORD,
    STREAMSENSE_PARTITIONS: '3',
  });
}

async function withClusterAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = createKafka({ security: securityFromEnv().kafka, brokers, clientId: 'cluster-test', logLevel: 'error' }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

before(async () => {
  const shared = await ensureStack();
  registryUrl = shared.registryUrl;
  config = await clusterConfig(path.join(shared.config.dir, 'kafka', 'libs'));
  const started = Date.now();
  const up = await stackUp(config, { services: ['kafka'], report: (line) => logger.debug(line) });
  logger.info('private 3-broker cluster up', { seconds: (Date.now() - started) / 1000, brokers: up.connection.kafkaBrokers.join(',') });
  brokers = up.connection.kafkaBrokers;
  const flags = isolatedStageFlags(names);
  configs = stageConfigs(
    { kafkaBrokers: brokers, registryUrl, mysqlUrl: shared.mysqlUrl },
    { ...flags, produce: [...flags.produce, '--rate', '40', '--batch-size', '10'] },
  );
  await withClusterAdmin(async (admin) => {
    await admin.createTopics({
      waitForLeaders: false,
      topics: topicNames.map((topic) => ({
        topic,
        numPartitions: 3,
        replicationFactor: 3,
        configEntries: [{ name: 'min.insync.replicas', value: '2' }],
      })),
    });
    await waitForTopicLeaders(admin, topicNames);
  });
  await ensureModels({ logger });
  classifier = await loadClassifier({});
  pool = createDbPool(shared.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
});

after(async () => {
  await classifier?.close();
  await pool?.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
  await pool?.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
  await pool?.end();
  const api = createRegistryApi(registryUrl, securityFromEnv().registry.auth);
  for (const topic of [names.raw, names.classified]) await api.deleteSubject(`${topic}-value`, { permanent: true }).catch(() => undefined);
  if (config) {
    await stackDown(config);
    await rm(config.dir, { recursive: true, force: true });
  }
});

async function rowCount(): Promise<number> {
  const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`).catch(() => [[{ n: 0 }]] as const);
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

const post = (i: number) => ({
  id: `cl-${i}`,
  text: `Post ${i}: another day of masks, queues at the pharmacy and waiting for the vaccine appointment.`,
  created_at: new Date(Date.UTC(2021, 0, 1, 12, 0, 0) + i * 1000).toISOString(),
  author: { id: `u${i % 17}`, handle: `user${i % 17}` },
  lang: 'en',
});

/** N posts; after KILL_AFTER of them have been handed out, `onKill` runs once. */
function killingSource(onKill: () => Promise<void>): Source {
  return {
    name: 'cluster-test',
    async *items(signal) {
      for (let i = 0; i < N && !signal.aborted; i++) {
        if (i === KILL_AFTER) await onKill();
        yield { kind: 'post', value: post(i), origin: `cluster-test:${i + 1}` };
      }
    },
  };
}

/** SIGKILL the broker leading partition 0 of the raw topic, so the producer's own leader dies. */
async function killLeader(): Promise<number> {
  const metadata = await withClusterAdmin((admin) => admin.fetchTopicMetadata({ topics: [names.raw] }));
  const leader = metadata.topics[0]!.partitions.find((p) => p.partitionId === 0)!.leader;
  const statuses = await stackStatus(config);
  const node = statuses.find((s) => s.name === `kafka-${leader}`);
  assert.ok(node?.pid, `broker ${leader} has a pid`);
  const record = await readPidRecord(path.join(config.dir, 'run', `kafka-${leader}.pid`));
  assert.equal(record?.pid, node.pid);
  process.kill(node.pid, 'SIGKILL');
  logger.info('killed broker', { node: node.name, pid: node.pid });
  return leader;
}

test('topics on the cluster are replicated 3 times with min.insync.replicas 2', async () => {
  const { topics } = await withClusterAdmin((admin) => admin.fetchTopicMetadata({ topics: [names.raw] }));
  assert.deepEqual(
    topics[0]!.partitions.map((p) => p.replicas.length),
    [3, 3, 3],
  );
  const described = await withClusterAdmin((admin) =>
    admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 2, name: names.raw, configNames: ['min.insync.replicas'] }] }),
  );
  assert.equal(described.resources[0]!.configEntries[0]!.configValue, '2');
});

/** Distinct keys in a topic (read_committed), read until nothing new arrives for a few seconds. */
async function keysIn(topic: string): Promise<Set<string>> {
  const consumer = createKafka({ security: securityFromEnv().kafka, brokers, clientId: 'cluster-test-reader', logLevel: 'error' }).consumer(
    { groupId: `${topic}-reader-${Date.now()}` },
  );
  const keys = new Set<string>();
  let last = Date.now();
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        keys.add(String(message.key));
        last = Date.now();
      },
    });
    while (Date.now() - last < 8_000) await sleep(500);
  } finally {
    await consumer.disconnect();
  }
  return keys;
}

/** For a failed count: which stage lost which posts, so the failure points at the culprit. */
async function whereAreTheMissing(): Promise<string> {
  const [rows] = await pool.query(`SELECT tweet_id FROM ${names.table}`);
  const inTable = new Set((rows as Array<{ tweet_id: string }>).map((r) => r.tweet_id));
  const raw = await keysIn(names.raw);
  const classified = await keysIn(names.classified);
  const missing = Array.from({ length: N }, (_, i) => `cl-${i}`).filter((id) => !inTable.has(id));
  return `${inTable.size} rows; raw topic has ${raw.size} distinct posts, classified topic (read_committed) ${classified.size}; missing rows: ${missing
    .map((id) => `${id} (raw: ${raw.has(id)}, classified: ${classified.has(id)})`)
    .join(', ')}`;
}

/** A logger that keeps every line and field, to check what kafkajs would have printed. */
function recordingLogger(lines: string[]): Logger {
  const keep = (msg: string, fields?: Record<string, unknown>) => void lines.push(`${msg} ${JSON.stringify(fields ?? {})}`);
  const logger: Logger = { debug: keep, info: keep, warn: keep, error: keep, child: () => logger };
  return logger;
}

test('SASL listeners: PLAIN and SCRAM-SHA-256/512 get in with the password; a wrong one is refused and never printed', async () => {
  const saslBrokers = brokers.map((b) => b.replace(/:(\d+)$/, (_, port) => `:${Number(port) + 6}`));
  const client = (mechanism: SaslMechanism, password: string, lines: string[]) =>
    createKafka(
      {
        brokers: saslBrokers,
        clientId: 'cluster-test-sasl',
        logLevel: 'debug',
        retry: { retries: 0, initialRetryTimeMs: 100, maxRetryTimeMs: 100 },
        security: { ssl: null, sasl: { mechanism, username: 'streamsense', password } },
      },
      recordingLogger(lines),
    ).admin();
  const lines: string[] = [];
  for (const mechanism of Object.values(SaslMechanism)) {
    const admin = client(mechanism, SASL_PASSWORD, lines);
    await admin.connect();
    try {
      assert.equal((await admin.describeCluster()).brokers.length, 3, mechanism);
      assert.ok((await admin.listTopics()).includes(names.raw), mechanism);
    } finally {
      await admin.disconnect();
    }
  }
  const wrong = `wrong-${SASL_PASSWORD}`;
  const admin = client(SaslMechanism.SCRAM_SHA_512, wrong, lines);
  await assert.rejects(
    admin.connect(),
    (error: Error) => /SASL SCRAM SHA512 authentication failed/i.test(error.message) && !error.message.includes(wrong),
  );
  await admin.disconnect().catch(() => undefined);
  assert.ok(
    lines.some((l) => /authentication/i.test(l)),
    'kafkajs logged the authentication',
  );
  assert.deepEqual(
    lines.filter((l) => l.includes(SASL_PASSWORD)),
    [],
  );
});

// Opt-in (STREAMSENSE_TEST_BROKER_KILL=1): about one run in five, a consumer of the in-process
// stages spins in kafkajs 2.2.4's fetch loop after the broker dies (a promise that settles without
// I/O, kafkajs#1384 / #1387; the fix PR #1428 was closed unmerged), which starves this process's
// event loop, so neither the test's deadline nor its timeout can fire and the suite hangs. It stays
// out of `npm test` until the stages run as child processes the test can kill; docs/reliability.md.
const brokerKill = process.env.STREAMSENSE_TEST_BROKER_KILL === '1';

test('3-broker cluster: kill -9 one broker mid-stream; exactly N rows, no producer error', {
  timeout: 300_000,
  skip: brokerKill ? false : 'opt-in: STREAMSENSE_TEST_BROKER_KILL=1 (kafkajs fetch-loop hang, see above)',
}, async () => {
  const stop = new AbortController();
  const deps = { signal: stop.signal, logger };
  let stageError: unknown = null;
  const stages = Promise.all([
    classify(configs.classify, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry(), classifier }),
    sink(configs.sink, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry() }),
  ]).catch((error: unknown) => {
    stageError = error;
    stop.abort();
  });
  let killed = 0;
  try {
    const stats = await produce(configs.produce, {
      security: securityFromEnv(),
      signal: new AbortController().signal,
      logger,
      metrics: new MetricsRegistry(),
      source: killingSource(async () => {
        killed = await killLeader();
      }),
    });
    assert.ok(killed > 0, 'a broker was killed mid-stream');
    assert.deepEqual({ produced: stats.produced, invalid: stats.invalid }, { produced: N, invalid: 0 });

    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline && stageError === null && (await rowCount()) < N) await sleep(500);
    await sleep(1_000); // let any stray duplicate land, so an over-count would show
    assert.equal(stageError, null, `a stage stopped: ${describeError(stageError)}`);
    const rows = await rowCount();
    assert.equal(rows, N, rows === N ? '' : await whereAreTheMissing());
  } finally {
    stop.abort();
    await stages;
  }
  const statuses = await stackStatus(config);
  const nodes = statuses.filter((s) => s.name.startsWith('kafka-'));
  assert.deepEqual(
    nodes.map((s) => [s.name, s.state]),
    [1, 2, 3].map((id) => [`kafka-${id}`, id === killed ? 'stopped' : 'running']),
  );
});
