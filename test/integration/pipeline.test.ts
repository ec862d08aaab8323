import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'mysql2/promise';
import { classify } from '../../src/classify/app.ts';
import { securityFromEnv } from '../../src/config/security.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { DeadLetterHeader, readDeadLetterHeaders } from '../../src/kafka/dead-letter.ts';
import { ensureModels } from '../../src/nlp/fetch/model-fetch.ts';
import { loadClassifier, type TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { produce } from '../../src/produce/app.ts';
import { sink } from '../../src/sink/app.ts';
import { isolatedStageFlags, type StageConfigs, stageConfigs } from '../../src/start/stage-configs.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { arraySource } from '../helpers/array-source.ts';
import { createTopics, deleteTopics, pipelineNames } from '../helpers/pipeline-env.ts';
import { ensureStack } from '../helpers/stack.ts';

/**
 * End to end on the real stack: posts in through the producer, classified by the real model,
 * upserted into MySQL by the sink. Each run uses its own topics, groups, subjects and table.
 */
const names = pipelineNames('e2e');
const logger = createLogger('e2e-test');
let classifier: TextClassifier;
let pool: Pool;

let produceConfig: StageConfigs['produce'];
let classifyConfig: StageConfigs['classify'];
let sinkConfig: StageConfigs['sink'];
let brokers: readonly string[];

const at = (i: number) => new Date(Date.UTC(2021, 0, 1, 12, 0, i)).toISOString();
const post = (id: string, text: string, i: number) => ({
  id,
  text,
  created_at: at(i),
  author: { id: `u${i}`, handle: `user${i}` },
  lang: 'en',
});

const POSITIVE = post('e2e-pos', 'I finally got my vaccine today and I feel amazing, so grateful and happy! Best day in months!', 1);
const NEGATIVE = post('e2e-neg', 'This is awful. I lost my job, I am sick, and everything is terrible. I hate this so much.', 2);
const SPORTS = post('e2e-sport', 'What a match last night! The stadium was finally full again and our team won the championship final.', 3);
const FILLER = Array.from({ length: 37 }, (_, i) =>
  post(`e2e-${i}`, `Day ${i} of working from home, another zoom call and more coffee.`, 10 + i),
);
const VALID = [POSITIVE, NEGATIVE, SPORTS, ...FILLER];
const MALFORMED = [
  '{"id": "broken',
  JSON.stringify({ text: 'no id here', created_at: at(5), author: { id: '1', handle: 'x' } }),
  JSON.stringify(post('e2e-empty', '   ', 6)),
];

before(async () => {
  const stack = await ensureStack();
  brokers = stack.kafkaBrokers;
  ({ produce: produceConfig, classify: classifyConfig, sink: sinkConfig } = stageConfigs(stack, isolatedStageFlags(names)));
  await ensureModels({ logger });
  classifier = await loadClassifier({});
  await createTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq]);
  pool = createDbPool(stack.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
});

after(async () => {
  await classifier?.close();
  await pool?.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
  await pool?.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
  await pool?.end();
  await deleteTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq]);
});

async function rowCount(): Promise<number> {
  const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`).catch(() => [[{ n: 0 }]] as const);
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

/** Runs classify and sink until the table holds `expected` rows (or the deadline passes). */
async function runStagesUntil(expected: number, deadlineMs = 120_000): Promise<void> {
  const stop = new AbortController();
  const deps = { signal: stop.signal, logger, metrics: new MetricsRegistry() };
  const stages = Promise.all([
    classify(classifyConfig, { security: securityFromEnv(), ...deps, classifier }),
    sink(sinkConfig, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry() }),
  ]);
  const started = Date.now();
  try {
    while (Date.now() - started < deadlineMs) {
      if ((await rowCount()) >= expected) break;
      await sleep(300);
    }
    await sleep(1_000); // let any stray extra record land, so an over-count would show
  } finally {
    stop.abort();
    await stages;
  }
}

test('N valid posts in, N rows out with plausible labels; malformed input dead-lettered', async () => {
  const stats = await produce(produceConfig, {
    security: securityFromEnv(),
    signal: new AbortController().signal,
    logger,
    metrics: new MetricsRegistry(),
    source: arraySource([...VALID.slice(0, 20), ...MALFORMED, ...VALID.slice(20)]),
  });
  assert.equal(stats.produced, VALID.length);
  assert.equal(stats.invalid, MALFORMED.length);

  await runStagesUntil(VALID.length);
  assert.equal(await rowCount(), VALID.length);

  const [rows] = await pool.query(`SELECT tweet_id, sentiment, topic FROM ${names.table} WHERE tweet_id IN (?, ?, ?)`, [
    POSITIVE.id,
    NEGATIVE.id,
    SPORTS.id,
  ]);
  const byId = new Map((rows as Array<{ tweet_id: string; sentiment: string; topic: string }>).map((r) => [r.tweet_id, r]));
  assert.equal(byId.get(POSITIVE.id)?.sentiment, 'positive');
  assert.equal(byId.get(NEGATIVE.id)?.sentiment, 'negative');
  assert.equal(byId.get(SPORTS.id)?.topic, 'sports_entertainment');
});

test('malformed lines land in the dead-letter topic with a reason', async () => {
  const consumer = createKafka({ security: securityFromEnv().kafka, brokers, clientId: 'e2e-dlq-reader' }).consumer({
    groupId: `${names.classifyGroup}-dlq-reader`,
  });
  const seen: Array<{ value: string; headers: Record<string, string> }> = [];
  await consumer.connect();
  await consumer.subscribe({ topic: names.rawDlq, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) =>
      void seen.push({ value: message.value?.toString() ?? '', headers: readDeadLetterHeaders(message.headers) }),
  });
  const started = Date.now();
  while (seen.length < MALFORMED.length && Date.now() - started < 30_000) await sleep(200);
  await consumer.disconnect();
  assert.equal(seen.length, MALFORMED.length);
  for (const letter of seen) {
    assert.equal(letter.headers[DeadLetterHeader.stage], 'produce');
    assert.ok(letter.headers[DeadLetterHeader.errorMessage]!.length > 0);
  }
  const reasons = seen.map((l) => l.headers[DeadLetterHeader.errorMessage]).join('\n');
  assert.match(reasons, /not valid JSON/);
  assert.match(reasons, /^id: /m);
  assert.match(reasons, /text: must not be empty/);
  assert.ok(
    seen.some((l) => l.value === MALFORMED[0]),
    'the original bytes are kept',
  );
});

test('replaying the same input leaves N rows', async () => {
  const stats = await produce(produceConfig, {
    security: securityFromEnv(),
    signal: new AbortController().signal,
    logger,
    metrics: new MetricsRegistry(),
    source: arraySource(VALID),
  });
  assert.equal(stats.produced, VALID.length);
  const [before] = await pool.query(`SELECT MAX(classified_at) AS t FROM ${names.table}`);
  const previous = (before as Array<{ t: Date }>)[0]!.t;
  // Wait until the replayed posts were re-classified (classified_at moves), then count.
  const stop = new AbortController();
  const deps = { signal: stop.signal, logger, metrics: new MetricsRegistry() };
  const stages = Promise.all([
    classify(classifyConfig, { security: securityFromEnv(), ...deps, classifier }),
    sink(sinkConfig, { security: securityFromEnv(), ...deps, metrics: new MetricsRegistry() }),
  ]);
  try {
    const started = Date.now();
    while (Date.now() - started < 120_000) {
      const [r] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table} WHERE classified_at > ?`, [previous]);
      if (Number((r as Array<{ n: number }>)[0]!.n) >= VALID.length) break;
      await sleep(300);
    }
  } finally {
    stop.abort();
    await stages;
  }
  const [r] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table} WHERE classified_at > ?`, [previous]);
  assert.equal(Number((r as Array<{ n: number }>)[0]!.n), VALID.length, 'every post was processed again');
  assert.equal(await rowCount(), VALID.length, 'and still one row per post');
});
