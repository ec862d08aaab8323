/**
 * `npm run bench:recovery -- [--classifiers 1|3] [--session-timeout-ms 10000] [--posts 4000] [--runs 1]`:
 * time-to-resume after kill -9 of one classifier, on the local stack, fresh topics/groups/table.
 *
 * A backlog of posts keeps every classifier busy; once all of them hold partitions and rows
 * flow, one classifier is killed with SIGKILL. With `--classifiers 1` it is restarted at once
 * under the same transactional id (the supervisor case); with 3 the others take over. For each
 * of the 6 partitions, the time from the kill to the first post classified after it (its
 * `classified_at`, as written to MySQL) is measured. `resumeSeconds` is when the first of the
 * dead member's partitions (read from the group before the kill; each classifier's client id
 * names its transactional id) moved again; later ones wait behind the backlog of the first
 * (kafkajs works through one partition's fetched batch before the next), which is throughput,
 * not recovery. Prints one JSON line per run. BENCH_STAGE_LOG_LEVEL sets the classifiers' log
 * level (default warn; their logs go to .test-output/).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol } from 'kafkajs';
import { z } from 'zod';
import { parseOrExit } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { createDbPool } from '../src/db/pool.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { produce } from '../src/produce/app.ts';
import { sink } from '../src/sink/app.ts';
import { loadStackConfig, stackUp } from '../src/stack/index.ts';
import { isolatedStageFlags, stageConfigs } from '../src/start/stage-configs.ts';
import { createLogger } from '../src/telemetry/log.ts';
import { MetricsRegistry } from '../src/telemetry/metrics.ts';
import { arraySource } from '../test/helpers/array-source.ts';
import { createTopics, deleteTopics, pipelineNames, withAdmin } from '../test/helpers/pipeline-env.ts';
import { type StageProcess, startStage, stopStage } from '../test/helpers/stage-process.ts';
import { machineDescription } from './docs-section.ts';
import { benchSpec } from './help.ts';

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);
const recoverySpec = benchSpec(import.meta.url, {
  options: {
    classifiers: {
      flag: 'classifiers',
      description: 'classifiers in the group (1: restarted at once; more: the others take over)',
      default: '1',
      example: '3',
    },
    sessionTimeoutMs: {
      flag: 'session-timeout-ms',
      description: "the classifiers' consumer session timeout",
      default: '10000',
      example: '10000',
    },
    posts: { flag: 'posts', description: 'backlog produced before the kill', default: '4000', example: '4000' },
    runs: { flag: 'runs', description: 'runs, one JSON line each', default: '1', example: '3' },
    stageLogLevel: {
      flag: 'stage-log-level',
      env: 'BENCH_STAGE_LOG_LEVEL',
      description: "the classifiers' log level",
      default: 'warn',
      example: 'info',
    },
  },
  schema: z.strictObject({
    classifiers: count(1),
    sessionTimeoutMs: count(10_000),
    posts: count(4000),
    runs: count(1),
    stageLogLevel: z.string().min(1).default('warn'),
  }),
});
const { classifiers, sessionTimeoutMs, posts: backlog, runs, stageLogLevel } = parseOrExit(recoverySpec).config;
const PARTITIONS = 6;
const log = createLogger('bench:recovery');

const { connection } = await stackUp(loadStackConfig(), { report: (l) => log.debug(l) });
await ensureModels({ logger: log });

const post = (id: string, i: number) => ({
  id,
  text: `${['Got my booster today', 'Another lockdown, so tired', 'Stadium open again tonight', 'Testing queue two hours long'][i % 4]} #${i}`,
  created_at: new Date(Date.UTC(2021, 5, 1, 0, 0, i % 3600)).toISOString(),
  author: { id: `a${i % 97}`, handle: `u${i % 97}` },
  lang: 'en',
});

/** Partitions per member client id, once the group is stable. */
async function assignments(groupId: string): Promise<Map<string, number[]>> {
  return withAdmin(async (admin) => {
    const { groups } = await admin.describeGroups([groupId]);
    const out = new Map<string, number[]>();
    if (groups[0]?.state !== 'Stable') return out;
    for (const m of groups[0].members) {
      const partitions = Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).flat();
      if (partitions.length > 0) out.set(m.clientId, partitions);
    }
    return out;
  });
}

async function oneRun(run: number): Promise<Record<string, unknown>> {
  const names = pipelineNames(`rec${run}`);
  const flags = isolatedStageFlags(names);
  const configs = stageConfigs(connection, flags);
  await createTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq], PARTITIONS);
  const pool = createDbPool(connection.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  const stop = new AbortController();
  const deps = () => ({ signal: stop.signal, logger: createLogger('sink'), metrics: new MetricsRegistry() });
  const env = { KAFKA_BROKERS: connection.kafkaBrokers.join(','), SCHEMA_REGISTRY_URL: connection.registryUrl, LOG_LEVEL: stageLogLevel };
  const args = (i: number) => [
    ...flags.classify.map((a) => (a === `${names.classifyGroup}-0` ? `${names.classifyGroup}-${i}` : a)),
    '--session-timeout-ms',
    String(sessionTimeoutMs),
  ];
  const procs: StageProcess[] = [];
  const sinkDone = sink(configs.sink, { ...deps(), security: securityFromEnv() });
  try {
    await produce(configs.produce, {
      security: securityFromEnv(),
      ...deps(),
      source: arraySource(Array.from({ length: backlog }, (_, i) => post(`r${run}x${i}`, i))),
    });
    for (let i = 0; i < classifiers; i++) procs.push(startStage(`${names.classifyGroup}-${i}`, 'classify', args(i), env));
    const rows = async () =>
      Number(((await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`).catch(() => [[{ n: 0 }]]))[0] as Array<{ n: number }>)[0]!.n);
    const deadline = Date.now() + 600_000;
    while ((await assignments(names.classifyGroup)).size < Math.min(classifiers, PARTITIONS) || (await rows()) < 100) {
      if (Date.now() > deadline) throw new Error('the classifiers never all got work');
      await sleep(500);
    }
    await sleep(3_000); // steady state: every member has consumed for a while
    const before = await rows();
    const victimPartitions = (await assignments(names.classifyGroup)).get(`streamsense-classify.${names.classifyGroup}-0`) ?? [];
    const victim = procs[0]!;
    const killedAt = Date.now();
    victim.kill('SIGKILL');
    await victim.exited;
    if (classifiers === 1) procs.push(startStage(`${names.classifyGroup}-0-again`, 'classify', args(0), env));
    const resumed = new Map<number, number>();
    while (resumed.size < PARTITIONS && Date.now() - killedAt < 180_000) {
      const [r] = await pool.query(
        `SELECT kafka_partition AS p, MIN(classified_at) AS first FROM ${names.table} WHERE classified_at > ? GROUP BY kafka_partition`,
        [new Date(killedAt)],
      );
      for (const { p, first } of r as Array<{ p: number; first: Date }>) resumed.set(Number(p), (first.getTime() - killedAt) / 1000);
      await sleep(200);
    }
    const seconds = (ps: readonly number[]) =>
      ps.flatMap((p) => (resumed.has(p) ? [Number(resumed.get(p)!.toFixed(1))] : [])).sort((a, b) => a - b);
    const dead = seconds(victimPartitions);
    const others = seconds([...resumed.keys()].filter((p) => !victimPartitions.includes(p)));
    return {
      classifiers,
      sessionTimeoutMs,
      restartedAtOnce: classifiers === 1,
      rowsAtKill: before,
      backlog,
      resumeSeconds: dead[0] ?? null,
      deadMembersPartitions: victimPartitions,
      deadPartitionsSeconds: dead,
      otherPartitionsSeconds: others,
      partitionsNotResumed: PARTITIONS - resumed.size,
    };
  } finally {
    for (const p of procs) await stopStage(p);
    stop.abort();
    await sinkDone.catch(() => undefined);
    await pool.query(`DROP TABLE IF EXISTS ${names.table}`).catch(() => undefined);
    await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]).catch(() => undefined);
    await pool.end();
    await deleteTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq]);
  }
}

for (let run = 0; run < runs; run++) process.stdout.write(`${JSON.stringify(await oneRun(run))}\n`);
process.stdout.write(`machine: ${machineDescription()}\n`);
