/**
 * `npm run bench:idle -- [--seconds 20] [--settle-seconds 10]`: CPU that classify and the sink
 * burn while there is nothing to do, on the local stack (started if it is not running).
 *
 * Both run as their own processes, as users run them, on fresh empty topics and their own groups
 * and table. Once both groups are stable and every member holds partitions, and after
 * --settle-seconds more (start-up work such as the model load and the first fetches), each
 * process's CPU (utime+stime from /proc) is read over --seconds with no traffic. Prints one JSON
 * line: milliseconds of CPU per second of wall time, per process. Logs go to .test-output/.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { parseOrExit } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { createDbPool } from '../src/db/pool.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadStackConfig, stackUp } from '../src/stack/index.ts';
import { isolatedStageFlags, stageConfigs } from '../src/start/stage-configs.ts';
import { createLogger } from '../src/telemetry/log.ts';
import { deleteTopics, pipelineNames } from '../test/helpers/pipeline-env.ts';
import { startStage, stopStage } from '../test/helpers/stage-process.ts';
import { createTopicsSurely, dropPipelineTables, waitForMembers } from './e2e-run.ts';
import { benchSpec } from './help.ts';
import { cpuSeconds } from './proc-stats.ts';

const seconds = (fallback: number) => z.coerce.number().positive().default(fallback);
const idleSpec = benchSpec(import.meta.url, {
  options: {
    seconds: { flag: 'seconds', description: 'how long CPU is read with no traffic', default: '20', example: '60' },
    settleSeconds: {
      flag: 'settle-seconds',
      description: 'wait after both groups are stable, before reading',
      default: '10',
      example: '10',
    },
  },
  schema: z.strictObject({ seconds: seconds(20), settleSeconds: seconds(10) }),
});
const options = parseOrExit(idleSpec).config;
const log = createLogger('bench:idle');

const { connection } = await stackUp(loadStackConfig(), { report: (l) => log.debug(l) });
await ensureModels({ logger: log });

const names = pipelineNames('idle');
const flags = isolatedStageFlags(names);
const topics = [names.raw, names.classified, names.rawDlq, names.classifiedDlq];
await createTopicsSurely(topics, 6);
const env = {
  KAFKA_BROKERS: connection.kafkaBrokers.join(','),
  SCHEMA_REGISTRY_URL: connection.registryUrl,
  MYSQL_URL: connection.mysqlUrl,
  LOG_LEVEL: 'warn',
};
const classify = startStage(names.classifyGroup, 'classify', flags.classify, env);
const sink = startStage(names.sinkGroup, 'sink', flags.sink, env);
try {
  log.info('waiting for both groups to be stable');
  const configs = stageConfigs(connection, flags);
  await waitForMembers([configs.classify.groupId, configs.sink.groupId]);
  await sleep(options.settleSeconds * 1000);
  const pids = { classify: classify.child.pid!, sink: sink.child.pid! };
  const before = { classify: cpuSeconds([pids.classify]), sink: cpuSeconds([pids.sink]) };
  const started = performance.now();
  log.info(`reading CPU for ${options.seconds} s with no traffic`);
  await sleep(options.seconds * 1000);
  const wall = (performance.now() - started) / 1000;
  const perS = (s: number) => +((s * 1000) / wall).toFixed(1);
  console.log(
    JSON.stringify({
      seconds: +wall.toFixed(1),
      classify_cpu_ms_per_s: perS(cpuSeconds([pids.classify]) - before.classify),
      sink_cpu_ms_per_s: perS(cpuSeconds([pids.sink]) - before.sink),
    }),
  );
} finally {
  await stopStage(classify);
  await stopStage(sink);
  const pool = createDbPool(connection.mysqlUrl, { ssl: securityFromEnv().mysql.ssl });
  await dropPipelineTables(pool, names.table);
  await pool.end();
  await deleteTopics(topics);
}
