import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { classify } from '../classify/app.ts';
import type { Connection } from '../config/connections.ts';
import type { SecurityConfig } from '../config/security.ts';
import { migrate } from '../db/migrations.ts';
import { createDbPool } from '../db/pool.ts';
import { createKafka } from '../kafka/client.ts';
import { consumerLag } from '../kafka/lag.ts';
import { ensureModels } from '../nlp/fetch/model-fetch.ts';
import { produce } from '../produce/app.ts';
import type { ProduceStats } from '../produce/run.ts';
import { sink } from '../sink/app.ts';
import { loadStackConfig, stackUp } from '../stack/index.ts';
import { type HealthServer, startHealthServer } from '../telemetry/health-server.ts';
import { createLogger } from '../telemetry/log.ts';
import { MetricsRegistry } from '../telemetry/metrics.ts';
import { aborted } from '../telemetry/shutdown.ts';
import type { StartConfig } from './config.ts';
import { type StageConfigs, stageConfigsFor } from './stage-configs.ts';
import { countRowsSince, formatSummary, summarizeSince } from './summary.ts';

/**
 * `npm start`: the whole pipeline on one machine, on the bundled sample. Stages run in this
 * process (one model load); the dashboard runs as its own script.
 */
const log = createLogger('start');

/** `security`: Kafka, registry and MySQL credentials parsed at the edge, passed to every stage. */
export async function runAll(config: StartConfig, signal: AbortSignal, security: SecurityConfig): Promise<number> {
  const { connection } = await stackUp(loadStackConfig(), { report: (line) => log.info(line) });
  await ensureModels({ logger: log });
  const live = config.source !== 'file';
  const produceValues = live ? { source: config.source, count: config.count } : { file: config.file, rate: config.rate };
  const configs = stageConfigsFor(connection, { produce: produceValues }, process.env);
  const pool = createDbPool(connection.mysqlUrl, { ssl: security.mysql.ssl });
  await migrate(pool, configs.sink.table);
  const dashboard = config.dashboard ? startDashboard(connection, config.dashboardPort) : undefined;
  const stop = new AbortController();
  signal.addEventListener('abort', () => stop.abort(), { once: true });
  const classifyMetrics = new MetricsRegistry();
  const sinkMetrics = new MetricsRegistry();
  const health = await startStageHealth([
    [configs.classify.metricsPort, classifyMetrics],
    [configs.sink.metricsPort, sinkMetrics],
  ]);
  const stages = Promise.all([
    classify(configs.classify, { signal: stop.signal, logger: createLogger('classify'), metrics: classifyMetrics, security }),
    sink(configs.sink, { signal: stop.signal, logger: createLogger('sink'), metrics: sinkMetrics, security }),
  ]);
  const since = new Date();
  try {
    if (live) {
      log.info(`live from ${config.source}${dashboard ? `; dashboard at http://127.0.0.1:${config.dashboardPort}` : ''}. Ctrl-C to stop.`);
      const progress = setInterval(
        () =>
          void countRowsSince(pool, configs.sink.table, since).then(
            (rows) => log.info(`${rows} rows in MySQL since start`),
            () => undefined,
          ),
        10_000,
      );
      const stats = await produce(configs.produce, {
        signal: stop.signal,
        logger: createLogger('produce'),
        metrics: new MetricsRegistry(),
        security,
      }).finally(() => clearInterval(progress));
      log.info('live source stopped', { produced: stats.produced, deleted: stats.deleted, invalid: stats.invalid });
      // Let what was produced reach MySQL (replayed duplicates and deletes make fewer rows: bounded wait).
      if (!signal.aborted)
        await waitForRows(
          pool,
          connection,
          security,
          configs,
          { ...stats, produced: stats.produced - stats.deleted },
          since,
          60_000,
          signal,
        );
      process.stdout.write(formatSummary(await summarizeSince(pool, configs.sink.table, since), stats.produced, stats.invalid));
      return 0;
    }
    const stats = await produce(configs.produce, {
      signal: stop.signal,
      logger: createLogger('produce'),
      metrics: new MetricsRegistry(),
      security,
    });
    log.info('sample produced', { produced: stats.produced, invalid: stats.invalid });
    const done = await waitForRows(pool, connection, security, configs, stats, since, config.timeoutS * 1000, stop.signal);
    if (done) process.stdout.write(formatSummary(await summarizeSince(pool, configs.sink.table, since), stats.produced, stats.invalid));
    if (config.follow && !stop.signal.aborted) {
      log.info(
        `following: classify and sink keep running${dashboard ? `, dashboard at http://127.0.0.1:${config.dashboardPort}` : ''}. Ctrl-C to stop.`,
      );
      await aborted(stop.signal);
    }
    return done || stop.signal.aborted ? 0 : 1;
  } finally {
    stop.abort();
    await stages;
    for (const h of health) await h.close();
    await stopChild(dashboard);
    await pool.end();
  }
}

/** Prints progress every 2 s until every produced post has a row written in this run. */
async function waitForRows(
  pool: ReturnType<typeof createDbPool>,
  connection: Connection,
  security: SecurityConfig,
  configs: StageConfigs,
  stats: ProduceStats,
  since: Date,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const admin = createKafka({ brokers: connection.kafkaBrokers, clientId: 'streamsense-start', security: security.kafka }).admin();
  await admin.connect();
  const started = Date.now();
  try {
    while (!signal.aborted) {
      const rows = await countRowsSince(pool, configs.sink.table, since);
      const [rawLag, classifiedLag] = await Promise.all([
        consumerLag(admin, configs.classify.groupId, configs.classify.inputTopic).catch(() => -1),
        consumerLag(admin, configs.sink.groupId, configs.sink.inputTopic).catch(() => -1),
      ]);
      const secs = (Date.now() - since.getTime()) / 1000;
      log.info(`${rows}/${stats.produced} rows in MySQL`, {
        'posts/s': (rows / secs).toFixed(1),
        lag_classify: rawLag,
        lag_sink: classifiedLag,
      });
      if (rows >= stats.produced) return true;
      if (Date.now() - started > timeoutMs) {
        log.error(`timed out after ${timeoutMs / 1000}s with ${rows}/${stats.produced} rows; see the classify and sink lines above`);
        return false;
      }
      await sleep(2_000, undefined, { signal }).catch(() => undefined);
    }
    return false;
  } finally {
    await admin.disconnect();
  }
}

/** /healthz and /metrics for the in-process stages, on their usual ports (the dashboard reads them). */
async function startStageHealth(ports: Array<[number, MetricsRegistry]>): Promise<HealthServer[]> {
  const servers: HealthServer[] = [];
  for (const [port, metrics] of ports) {
    if (port < 0) continue;
    try {
      servers.push(await startHealthServer({ host: '127.0.0.1', port, metrics, healthy: () => ({ ok: true }) }));
    } catch (error) {
      log.warn(`metrics port ${port} unavailable; the dashboard will not show this stage's metrics`, { error: (error as Error).message });
    }
  }
  return servers;
}

function startDashboard(connection: Connection, port: number): ChildProcess | undefined {
  if (!existsSync('scripts/dashboard.ts')) return undefined;
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/dashboard.ts', '--port', String(port)], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      MYSQL_URL: connection.mysqlUrl,
      KAFKA_BROKERS: connection.kafkaBrokers.join(','),
      SCHEMA_REGISTRY_URL: connection.registryUrl,
    },
  });
  child.on('exit', (code) => {
    if (code) log.warn('dashboard exited', { code });
  });
  log.info(`dashboard: http://127.0.0.1:${port}`);
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(10_000).then(() => child.kill('SIGKILL'))]);
}
