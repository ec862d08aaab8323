import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Partitioners, type Producer } from 'kafkajs';
import type { Pool } from 'mysql2/promise';
import { parseCli } from '../../src/config/cli.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import type { ClassificationRecord } from '../../src/contracts/classification-record.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { HISTORY_DIR, readSchemaFile } from '../../src/schemas/history.ts';
import { createRegistryApi, type RegistryApi } from '../../src/schemas/registry-api.ts';
import { createSchemaRegistry } from '../../src/schemas/serde.ts';
import { sink } from '../../src/sink/app.ts';
import { type SinkConfig, sinkSpec } from '../../src/sink/config.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { createTopics, deleteTopics, pipelineNames, withAdmin } from '../helpers/pipeline-env.ts';
import type { V3Field } from '../helpers/record-defaults.ts';
import { ensureStack, type TestStack } from '../helpers/stack.ts';

/**
 * Rolling out classification v2 under a running sink: a topic holding v1 and v2 records
 * (an old and a new classifier writing side by side) is upserted into MySQL with no dead letters,
 * and v1 records become rows with the v2 defaults. The classifier is stood in for by a producer
 * writing both versions, so the test pins the contract and the sink, not the model.
 */
const names = pipelineNames('schemas');
const subject = `${names.classified}-value`;
const logger = createLogger('schemas-sink-test');
let stack: TestStack;
let api: RegistryApi;
let pool: Pool;
let producer: Producer;
const ids = { v1: 0, v2: 0 };

before(async () => {
  stack = await ensureStack();
  api = createRegistryApi(stack.registryUrl, securityFromEnv().registry.auth);
  await createTopics([names.classified, names.classifiedDlq]);
  ids.v1 = await api.register(subject, readSchemaFile(join(HISTORY_DIR, 'classification.v1.avsc')));
  ids.v2 = await api.register(subject, readSchemaFile(join(HISTORY_DIR, 'classification.v2.avsc')));
  pool = createDbPool(stack.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  producer = createKafka({ security: securityFromEnv().kafka, brokers: [...stack.kafkaBrokers], clientId: 'schemas-sink-test' }).producer({
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
});

after(async () => {
  await producer?.disconnect();
  await pool?.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
  await pool?.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
  await pool?.end();
  await deleteTopics([names.classified, names.classifiedDlq]);
  await api?.deleteSubject(subject, { permanent: true }).catch(() => undefined);
});

function v2Record(id: string): Omit<ClassificationRecord, V3Field> {
  return {
    tweet_id: id,
    text: `post ${id}`,
    author_id: 'u1',
    author_handle: 'ann',
    lang: 'en-US',
    source: 'file',
    created_at: Date.UTC(2021, 0, 1),
    classified_at: Date.UTC(2021, 0, 1, 0, 0, 1),
    sentiment: { label: 'neutral', score: 0.5 },
    topic: {
      label: 'vaccines',
      score: 0.7,
      top: [
        { topic: 'vaccines', score: 0.7 },
        { topic: 'health', score: 0.2 },
      ],
    },
    model: { encoder: 'minilm', encoder_version: '1', sentiment_model: 'head', topic_model: 'proto' },
    model_latency_ms: 2,
    pipeline_latency_ms: 1_000,
    schema_version: 2,
    language: 'en',
    topic_scores: { vaccines: 0.7, health: 0.2 },
  };
}

/** What a classifier still on v1 writes: the v1 fields only, with the v1 schema id. */
async function encode(id: string, version: 'v1' | 'v2'): Promise<Buffer> {
  const { schema_version: _s, language: _l, topic_scores: _t, ...v1 } = v2Record(id);
  return createSchemaRegistry(stack.registryUrl, securityFromEnv().registry.auth).encode(
    ids[version],
    version === 'v1' ? v1 : v2Record(id),
  );
}

async function produce(entries: ReadonlyArray<[string, 'v1' | 'v2']>): Promise<void> {
  const messages = await Promise.all(entries.map(async ([id, version]) => ({ key: id, value: await encode(id, version) })));
  await producer.send({ topic: names.classified, messages });
}

async function waitForRows(expected: number, deadlineMs = 60_000): Promise<number> {
  const started = Date.now();
  let n = 0;
  while (Date.now() - started < deadlineMs) {
    const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`).catch(() => [[{ n: 0 }]] as const);
    n = Number((rows as Array<{ n: number }>)[0]!.n);
    if (n >= expected) return n;
    await sleep(250);
  }
  return n;
}

async function deadLetterCount(): Promise<number> {
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(names.classifiedDlq));
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

test('v1 and v2 records, interleaved and across a rollout, all become rows; v1 rows carry the defaults', async () => {
  assert.notEqual(ids.v1, ids.v2, 'two schema versions on the subject');
  const parsed = parseCli(
    sinkSpec,
    [
      '--input-topic',
      names.classified,
      '--dlq-topic',
      names.classifiedDlq,
      '--group',
      names.sinkGroup,
      '--table',
      names.table,
      '--metrics-port=-1',
      '--brokers',
      stack.kafkaBrokers.join(','),
      '--registry-url',
      stack.registryUrl,
      '--mysql-url',
      stack.mysqlUrl,
    ],
    {},
  );
  assert.ok(!('help' in parsed));
  const stop = new AbortController();
  const running = sink(parsed.config as SinkConfig, {
    security: securityFromEnv(),
    signal: stop.signal,
    logger,
    metrics: new MetricsRegistry(),
  });
  try {
    // Before the rollout: only v1 writers.
    await produce(Array.from({ length: 10 }, (_, i) => [`old-${i}`, 'v1'] as [string, 'v1']));
    assert.equal(await waitForRows(10), 10);
    // During it, with the sink still running: old and new writers side by side.
    await produce(Array.from({ length: 20 }, (_, i) => [`mixed-${i}`, i % 2 === 0 ? 'v1' : 'v2'] as [string, 'v1' | 'v2']));
    assert.equal(await waitForRows(30), 30);
  } finally {
    stop.abort();
    assert.equal(await running, 'signal');
  }
  assert.equal(await deadLetterCount(), 0, 'nothing dead-lettered');

  const [rows] = await pool.query(
    `SELECT tweet_id, schema_version, language, topic_scores_json, topic FROM ${names.table} ORDER BY tweet_id`,
  );
  const byId = new Map((rows as Array<Record<string, unknown>>).map((r) => [r.tweet_id as string, r]));
  const scores = (r: Record<string, unknown> | undefined) =>
    typeof r?.topic_scores_json === 'string' ? JSON.parse(r.topic_scores_json) : r?.topic_scores_json;
  for (const id of ['old-0', 'old-9', 'mixed-0', 'mixed-18']) {
    const row = byId.get(id);
    assert.deepEqual([row?.schema_version, row?.language, scores(row), row?.topic], [1, 'und', {}, 'vaccines'], `${id} is a v1 record`);
  }
  for (const id of ['mixed-1', 'mixed-19']) {
    const row = byId.get(id);
    assert.deepEqual([row?.schema_version, row?.language, scores(row)], [2, 'en', { vaccines: 0.7, health: 0.2 }], `${id} is a v2 record`);
  }
});
