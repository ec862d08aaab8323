import { setTimeout as sleep } from 'node:timers/promises';
import type { Pool } from 'mysql2/promise';
import { securityFromEnv } from '../../src/config/security.ts';
import { migrate } from '../../src/db/migrations.ts';
import { createDbPool } from '../../src/db/pool.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { produce } from '../../src/produce/app.ts';
import type { ProduceStats } from '../../src/produce/run.ts';
import { isolatedStageFlags, type StageConfigs, stageConfigs } from '../../src/start/stage-configs.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { arraySource } from './array-source.ts';
import { createTopics, deleteTopics, type PipelineNames, pipelineNames, withAdmin } from './pipeline-env.ts';
import { ensureStack, type TestStack } from './stack.ts';
import { type StageProcess, startStage, stopStage } from './stage-process.ts';

/**
 * One isolated pipeline on the shared stack for fault tests: its own topics (6 partitions),
 * groups, transactional ids and table; stages run as real processes; helpers to count what
 * reached MySQL, the results topic and the dead-letter topics.
 */
export interface PipelineFixture {
  readonly names: PipelineNames;
  readonly stack: TestStack;
  readonly configs: StageConfigs;
  readonly pool: Pool;
  startClassify(instance?: number, metricsPort?: number, extraArgs?: readonly string[]): StageProcess;
  startSink(): StageProcess;
  produce(values: readonly unknown[], ratePerSecond?: number): Promise<ProduceStats>;
  rows(): Promise<number>;
  committedResults(): Promise<number>;
  deadLetters(topic: string): Promise<number>;
  close(): Promise<void>;
}

const POST_TEXTS = [
  'Got my booster today, feeling great!',
  'Another lockdown, I am so tired of this.',
  'Match tonight, stadium is open again!',
  'Testing site queue is two hours long.',
];

export const post = (id: string, i: number) => ({
  id,
  text: `${POST_TEXTS[i % 4]} #${i}`,
  created_at: new Date(Date.UTC(2021, 5, 1, 0, 0, i % 3600)).toISOString(),
  author: { id: `a${i % 97}`, handle: `user_${i % 97}` },
  lang: 'en',
});

export async function createPipelineFixture(prefix: string): Promise<PipelineFixture> {
  const stack = await ensureStack();
  const names = pipelineNames(prefix);
  const flags = isolatedStageFlags(names);
  const configs = stageConfigs(stack, flags);
  await createTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq], 6);
  const pool = createDbPool(stack.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  await migrate(pool, names.table);
  const env = { KAFKA_BROKERS: stack.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: stack.registryUrl, MYSQL_URL: stack.mysqlUrl };
  const started: StageProcess[] = [];
  const track = (p: StageProcess) => {
    started.push(p);
    return p;
  };
  const withPort = (args: string[], port: number) => [...args.filter((a) => !a.startsWith('--metrics-port')), `--metrics-port=${port}`];
  const classifyArgs = (instance: number) =>
    flags.classify.map((a) => (a === `${names.classifyGroup}-0` ? `${names.classifyGroup}-${instance}` : a));
  return {
    names,
    stack,
    configs,
    pool,
    startClassify: (instance = 0, metricsPort = -1, extraArgs = []) =>
      track(
        startStage(`${names.classifyGroup}-${instance}`, 'classify', [...withPort(classifyArgs(instance), metricsPort), ...extraArgs], env),
      ),
    startSink: () => track(startStage(names.sinkGroup, 'sink', flags.sink, env)),
    produce: (values, rate = 0) =>
      produce(
        { ...configs.produce, rate },
        {
          security: securityFromEnv(),
          signal: new AbortController().signal,
          logger: createLogger('fixture'),
          metrics: new MetricsRegistry(),
          source: arraySource(values),
        },
      ),
    async rows() {
      const [r] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`);
      return Number((r as Array<{ n: number }>)[0]!.n);
    },
    committedResults: () => countRecords(stack, names.classified),
    deadLetters: (topic) => countRecords(stack, topic),
    async close() {
      for (const p of started) await stopStage(p);
      await pool.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
      await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
      await pool.end();
      await deleteTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq]);
    },
  };
}

/**
 * Records visible to a read_committed reader, read from the start until 3 s pass with none new.
 * Counted once per partition and offset: a rebalance of this reader's own group (after a broker
 * restart) can hand it a batch again, while a duplicate result is another record at another offset.
 */
export async function countRecords(stack: TestStack, topic: string): Promise<number> {
  const groupId = `count-${topic}-${Date.now()}`;
  const consumer = createKafka({ security: securityFromEnv().kafka, brokers: stack.kafkaBrokers, clientId: 'fixture-counter' }).consumer({
    groupId,
    readUncommitted: false,
  });
  const seen = new Set<string>();
  let last = Date.now();
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachBatch: async ({ batch }) => {
      for (const m of batch.messages) seen.add(`${batch.partition}:${m.offset}`);
      last = Date.now();
    },
  });
  const started = Date.now();
  while (Date.now() - last < 3_000 || Date.now() - started < 6_000) await sleep(200);
  await consumer.disconnect();
  await withAdmin((admin) => admin.deleteGroups([groupId])).catch(() => undefined);
  return seen.size;
}
