/**
 * `npm run bench:e2e [-- FILE]` (default: the bundled sample): the posts through the whole pipeline on the local stack, on
 * fresh topics, groups and table. Prints and records in docs/benchmarks.md:
 *   - end-to-end throughput: posts/s from the first produce to the last row in MySQL
 *   - latency per post, p50/p99: from ingestion by the producer to the row written
 *   - model-only throughput on the same texts, in the same run
 */
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { classify } from '../src/classify/app.ts';
import { DEFAULT_SAMPLE } from '../src/config/produce.ts';
import { isolatedStageFlags, stageConfigs } from '../src/config/stage-configs.ts';
import { loadClassifier } from '../src/nlp/classifier.ts';
import { ensureModels } from '../src/nlp/model-fetch.ts';
import { produce } from '../src/produce/app.ts';
import { createDbPool } from '../src/sink/db.ts';
import { sink } from '../src/sink/app.ts';
import { loadStackConfig, stackUp } from '../src/stack/index.ts';
import { createLogger } from '../src/telemetry/log.ts';
import { MetricsRegistry } from '../src/telemetry/metrics.ts';
import { createTopics, deleteTopics, pipelineNames } from '../test/helpers/pipeline-env.ts';
import { machineDescription, percentile, writeSection } from './docs-section.ts';
import { answerHelp } from './help.ts';

answerHelp(import.meta.url);
const log = createLogger('bench:e2e');
const file = process.argv[2] ?? DEFAULT_SAMPLE;
const { connection } = await stackUp(loadStackConfig(), { report: (l) => log.info(l) });
await ensureModels({ logger: log });
const names = pipelineNames('bench');
const withFile = (f: ReturnType<typeof isolatedStageFlags>) => ({ ...f, produce: [...f.produce, '--file', file] });
const { produce: produceConfig, classify: classifyConfig, sink: sinkConfig } = stageConfigs(connection, withFile(isolatedStageFlags(names)));

const classifier = await loadClassifier({});
const pool = createDbPool(connection.mysqlUrl);
await createTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq], 6);
const stop = new AbortController();
const deps = () => ({ signal: stop.signal, logger: createLogger('bench'), metrics: new MetricsRegistry() });
const stages = Promise.all([classify(classifyConfig, { ...deps(), classifier }), sink(sinkConfig, deps())]);
await sleep(3_000); // let both groups join so the clock measures the pipeline, not the first rebalance

const t0 = Date.now();
const stats = await produce(produceConfig, deps());
let rows = 0;
while (rows < stats.produced && Date.now() - t0 < 900_000) {
  await sleep(100);
  const [r] = await pool.query(`SELECT COUNT(*) AS n FROM ${names.table}`).catch(() => [[{ n: 0 }]] as const);
  rows = Number((r as Array<{ n: number }>)[0]!.n);
}
const [agg] = await pool.query(`SELECT MAX(written_at) AS last FROM ${names.table}`);
const lastWrite = new Date((agg as Array<{ last: Date }>)[0]!.last).getTime();
const [lat] = await pool.query(`SELECT TIMESTAMPDIFF(MICROSECOND, classified_at, written_at) / 1000 + latency_ms AS ms FROM ${names.table}`);
stop.abort();
await stages;

const latencies = (lat as Array<{ ms: number }>).map((r) => Number(r.ms)).sort((a, b) => a - b);
const e2eSeconds = (lastWrite - t0) / 1000;
const texts = readFileSync(file, 'utf8').split('\n').flatMap((l) => { try { const t = JSON.parse(l).text; return typeof t === 'string' ? [t] : []; } catch { return []; } });
const m0 = performance.now();
for (let i = 0; i < texts.length; i += classifyConfig.batchSize) await classifier.classify(texts.slice(i, i + classifyConfig.batchSize));
const modelRate = texts.length / ((performance.now() - m0) / 1000);
await classifier.close();
await pool.query(`DROP TABLE IF EXISTS ${names.table}`);
await pool.query('DELETE FROM schema_migrations WHERE table_name = ?', [names.table]);
await pool.end();
await deleteTopics([names.raw, names.classified, names.rawDlq, names.classifiedDlq]);

const result = {
  posts: stats.produced,
  rows,
  e2e_posts_per_s: +(stats.produced / e2eSeconds).toFixed(1),
  latency_p50_ms: Math.round(percentile(latencies, 50)),
  latency_p99_ms: Math.round(percentile(latencies, 99)),
  model_only_posts_per_s: +modelRate.toFixed(1),
};
console.log(JSON.stringify(result));
writeSection(
  'End-to-end pipeline (bench/e2e.ts)',
  `Command: \`npm run bench:e2e\` (file: \`${file}\`, 6 partitions, classify batch ${classifyConfig.batchSize}, one classify and one sink in one process).
Machine: ${machineDescription()}. Measured ${new Date().toISOString().slice(0, 10)}.

| measure | value |
|---|---|
| posts produced / rows in MySQL | ${result.posts} / ${result.rows} |
| end-to-end throughput (first produce -> last row written) | ${result.e2e_posts_per_s} posts/s |
| latency p50 / p99 (ingested by producer -> row written) | ${result.latency_p50_ms} ms / ${result.latency_p99_ms} ms |
| model only, same texts, same run (batches of ${classifyConfig.batchSize}) | ${result.model_only_posts_per_s} posts/s |

Latency is dominated by queueing: the whole sample is produced at once, so late posts wait for the
ones ahead of them; p50/p99 therefore measure the backlog, not one post's path through an idle pipeline.`,
);
process.exit(rows === stats.produced ? 0 : 1);
