/**
 * One pipeline run of bench:e2e: fresh topics, groups and table; classify and sink started as
 * their own processes; posts produced from this process (at a rate, or all at once) once both
 * groups hold their partitions; the clock stops at the last row written. CPU time per process
 * comes from the kernel (proc-stats.ts) over the same interval.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AssignerProtocol } from 'kafkajs';
import type { Pool } from 'mysql2/promise';
import type { Connection } from '../src/config/connections.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { migrate } from '../src/db/migrations.ts';
import { createDbPool } from '../src/db/pool.ts';
import { deletionsTable, dropTable } from '../src/db/table.ts';
import { produce } from '../src/produce/app.ts';
import { loadStackConfig, stackStatus } from '../src/stack/index.ts';
import { isolatedStageFlags, stageConfigs } from '../src/start/stage-configs.ts';
import type { Logger } from '../src/telemetry/log.ts';
import { MetricsRegistry } from '../src/telemetry/metrics.ts';
import { arraySource } from '../test/helpers/array-source.ts';
import { createTopics, deleteTopics, pipelineNames, withAdmin } from '../test/helpers/pipeline-env.ts';
import { startStage, stopStage } from '../test/helpers/stage-process.ts';
import { eventually } from '../test/helpers/wait.ts';
import { percentile } from './docs-section.ts';
import { answerHelp } from './help.ts';
import { cpuSeconds, peakRssMiB, processTree } from './proc-stats.ts';

answerHelp(import.meta.url);

export type Measured = 'classify' | 'sink' | 'broker' | 'mariadb' | 'registry' | 'producer';

export interface PipelineRun {
  readonly posts: number;
  readonly rows: number;
  readonly seconds: number;
  readonly postsPerS: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  readonly cpuPer1k: Partial<Record<Measured, number>>;
  readonly rssMiB: Partial<Record<Measured, number>>;
}

export interface RunOptions {
  readonly label: string;
  readonly connection: Connection;
  readonly posts: readonly unknown[];
  /** Posts per second; 0 = all at once. */
  readonly rate: number;
  readonly partitions: number;
  readonly classifyArgs: readonly string[];
  readonly logger: Logger;
}

const SERVICE: Record<string, Measured> = { kafka: 'broker', mysql: 'mariadb', mariadb: 'mariadb', registry: 'registry' };

async function servicePids(): Promise<Partial<Record<Measured, number[]>>> {
  const out: Partial<Record<Measured, number[]>> = {};
  for (const s of await stackStatus(loadStackConfig())) {
    const name = SERVICE[s.name] ?? (s.name.startsWith('kafka') ? 'broker' : undefined);
    if (name && s.pid) out[name] = [...(out[name] ?? []), ...processTree(s.pid)];
  }
  return out;
}

export async function runPipeline(options: RunOptions): Promise<PipelineRun> {
  const names = pipelineNames(`bench${options.label}`);
  const flags = isolatedStageFlags(names);
  const configs = stageConfigs(options.connection, flags);
  const topics = [names.raw, names.classified, names.rawDlq, names.classifiedDlq];
  await createTopicsSurely(topics, options.partitions);
  const pool = createDbPool(options.connection.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  await migrate(pool, names.table);
  const env = {
    KAFKA_BROKERS: options.connection.kafkaBrokers.join(','),
    SCHEMA_REGISTRY_URL: options.connection.registryUrl,
    MYSQL_URL: options.connection.mysqlUrl,
    LOG_LEVEL: 'warn',
  };
  const classify = startStage(`${names.classifyGroup}`, 'classify', [...flags.classify, ...options.classifyArgs], env);
  const sink = startStage(names.sinkGroup, 'sink', flags.sink, env);
  try {
    await waitForMembers([configs.classify.groupId, configs.sink.groupId]);
    const pids: Partial<Record<Measured, number[]>> = {
      ...(await servicePids()),
      classify: [classify.child.pid!],
      sink: [sink.child.pid!],
    };
    const cpu0 = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuSeconds(v)]));
    const self0 = process.cpuUsage();
    const t0 = Date.now();
    const stats = await produce(
      { ...configs.produce, rate: options.rate },
      {
        security: securityFromEnv(),
        signal: new AbortController().signal,
        logger: options.logger,
        metrics: new MetricsRegistry(),
        source: arraySource(options.posts, 'bench'),
      },
    );
    let rows = 0;
    const arrived = await eventually(
      async () => {
        const [r] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`);
        rows = Number((r as Array<{ n: number }>)[0]!.n);
        return rows >= stats.produced;
      },
      1_800_000,
      250,
    );
    if (!arrived)
      throw new Error(
        `only ${rows} of ${stats.produced} rows arrived (logs: .test-output/${names.classifyGroup}.log, ${names.sinkGroup}.log)`,
      );
    const cpu1 = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, cpuSeconds(v)]));
    const self = process.cpuUsage(self0);
    const rssMiB: Partial<Record<Measured, number>> = Object.fromEntries(Object.entries(pids).map(([k, v]) => [k, peakRssMiB(v)]));
    rssMiB.producer = process.resourceUsage().maxRSS / 1024;
    const [agg] = await pool.query(`SELECT MAX(written_at) AS last FROM ${names.table}`);
    const seconds = (new Date((agg as Array<{ last: Date }>)[0]!.last).getTime() - t0) / 1000;
    const [lat] = await pool.query(
      `SELECT TIMESTAMPDIFF(MICROSECOND, classified_at, written_at) / 1000 + latency_ms AS ms FROM ${names.table}`,
    );
    const latencies = (lat as Array<{ ms: number }>).map((r) => Number(r.ms)).sort((a, b) => a - b);
    const per1k = (s: number) => (s / stats.produced) * 1000;
    const cpuPer1k: Partial<Record<Measured, number>> = Object.fromEntries(Object.keys(cpu1).map((k) => [k, per1k(cpu1[k]! - cpu0[k]!)]));
    cpuPer1k.producer = per1k((self.user + self.system) / 1e6);
    return {
      posts: stats.produced,
      rows,
      seconds,
      postsPerS: stats.produced / seconds,
      latencyP50Ms: Math.round(percentile(latencies, 50)),
      latencyP99Ms: Math.round(percentile(latencies, 99)),
      cpuPer1k,
      rssMiB,
    };
  } finally {
    await stopStage(classify);
    await stopStage(sink);
    await dropPipelineTables(pool, names.table);
    await pool.end();
    await deleteTopics(topics);
  }
}

/** A bench pipeline's sink table, its deletions log and its migration record; best effort. */
export async function dropPipelineTables(pool: Pool, table: string): Promise<void> {
  for (const t of [table, deletionsTable(table)]) await dropTable(pool, t).catch(() => undefined);
  await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [table]).catch(() => undefined);
}

/** Both groups stable, every member holding partitions: the clock then measures the pipeline, not the first rebalance. */
export async function waitForMembers(groups: readonly string[]): Promise<void> {
  const ready = await eventually(
    () =>
      withAdmin(async (admin) => {
        const { groups: described } = await admin.describeGroups([...groups]);
        return described.every(
          (g) =>
            g.state === 'Stable' &&
            g.members.length > 0 &&
            g.members.every((m) =>
              Object.values(AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment ?? {}).some((p) => p.length > 0),
            ),
        );
      }),
    300_000,
    1_000,
  );
  if (!ready) throw new Error('classify and sink did not join their groups within 5 minutes (see .test-output/)');
}

/**
 * kafkajs' createTopics({ waitForLeaders }) can fail with UNKNOWN_TOPIC_OR_PARTITION while the
 * broker's metadata catches up after the previous run's topics were deleted; the topics usually
 * exist by then. Check, and create again only what is missing.
 */
export async function createTopicsSurely(topics: readonly string[], partitions: number): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const existing = new Set(await withAdmin((admin) => admin.listTopics()));
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length > 0) await createTopics(missing, partitions);
      return;
    } catch (error) {
      if (attempt >= 10) throw error;
      await sleep(1_000 * attempt);
    }
  }
}
