/**
 * `npm run bench:e2e`: the pipeline end to end on the local stack, classify and sink as separate
 * processes (scripts/classify.ts, scripts/sink.ts) the way users run them, on fresh topics, groups
 * and tables. The bundled sample is replayed with unique ids up to --count posts. One run measures:
 *   1. end to end: posts/s from the first produce to the last row in MySQL (backlog produced at once),
 *      --repeats times (default 3: on a shared machine one pass is not conclusive), --count posts each
 *      (default 20520, two replays of the sample, so a pass's start and end weigh less)
 *   2. model only, in this process, on the same texts with the same batching (windows of
 *      --window-size, length-sorted, cut by --token-budget), before the first end-to-end pass and
 *      after each one (each pass's ratio uses the mean of the model passes on either side of it; the
 *      figures reported are the medians over the passes), then in arrival order in batches of 32
 *   3. the per-message pipeline: classify with --window-size 1 (one model call and one
 *      transaction per post) on --baseline-count posts
 *   4. latency created -> row, p50/p99, with the producer at --rate posts/s (default: half of 1.)
 * and for 1, 3 and 4: CPU seconds per 1,000 posts of classify, sink, broker, MariaDB, registry and
 * this process (the producer), from /proc/PID/stat utime+stime deltas, and peak RSS per process.
 * Before all of them, --warm-up-count posts go through the pipeline once, not counted (default: as many as
 * a pass): a freshly started broker spends two to three times its steady CPU per post while its JIT
 * compiles (0.21 -> 0.16 -> 0.06 CPU-s per 1,000 posts over its first passes, docs/benchmarks.md), and
 * the model-only passes are measured after a warm-up window too. Its figures are logged and reported.
 * Writes the "End-to-end pipeline" section of docs/benchmarks.md unless --no-write.
 *
 *   npm run bench:e2e -- [--count 20520] [--warm-up-count 20520] [--repeats 3] [--baseline-count 2000] [--latency-seconds 30] [--rate N]
 *                        [--window-size N] [--token-budget N] [--batch-size N] [--window-wait-ms N] [--encoder-workers N]
 *                        [--partitions 6] [--file data/sample/tweets.jsonl] [--skip-baseline]
 *                        [--skip-latency] [--no-write]
 * Classify flags not given use the classify defaults (tsx scripts/classify.ts --help).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { z } from 'zod';
import { classifyWindow } from '../src/classify/classify-batch.ts';
import { classifySpec } from '../src/classify/config.ts';
import { parseCli, scriptArgs } from '../src/config/cli.ts';
import { parseOrExit } from '../src/config/script.ts';
import { validatePost } from '../src/contracts/post-input.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadClassifier } from '../src/nlp/serve/classifier.ts';
import { DEFAULT_SAMPLE } from '../src/produce/config.ts';
import { loadStackConfig, stackUp } from '../src/stack/index.ts';
import { createLogger } from '../src/telemetry/log.ts';
import { machineDescription, percentile, writeSection } from './docs-section.ts';
import { type PipelineRun, runPipeline } from './e2e-run.ts';
import { benchSpec } from './help.ts';
import { benchPosts } from './posts.ts';

const whole = (fallback: number) => z.coerce.number().min(1).transform(Math.round).default(fallback);
const e2eSpec = benchSpec(import.meta.url, {
  options: {
    count: { flag: 'count', description: 'posts in each end-to-end pass', default: '20520', example: '20520' },
    warmUpCount: {
      flag: 'warm-up-count',
      description: 'posts through the pipeline before the measured passes, not counted (0 = none)',
      default: 'the --count',
      example: '20520',
    },
    repeats: { flag: 'repeats', description: 'end-to-end passes, each between two model-only passes', default: '3', example: '3' },
    baselineCount: { flag: 'baseline-count', description: 'posts in the per-message run', default: '2000', example: '2000' },
    latencySeconds: { flag: 'latency-seconds', description: 'how long the latency run produces', default: '30', example: '30' },
    rate: { flag: 'rate', description: 'posts/s in the latency run (default: half the end-to-end rate)', example: '200' },
    windowSize: { flag: 'window-size', description: 'classify --window-size (default: the classify default)', example: '256' },
    tokenBudget: { flag: 'token-budget', description: 'classify --token-budget (default: the classify default)', example: '4096' },
    batchSize: { flag: 'batch-size', description: 'classify --batch-size (default: the classify default)', example: '32' },
    windowWaitMs: { flag: 'window-wait-ms', description: 'classify --window-wait-ms (default: the classify default)', example: '50' },
    encoderWorkers: {
      flag: 'encoder-workers',
      description: 'classify --encoder-workers, also used by the model-only passes (default: the classify default)',
      example: '2',
    },
    partitions: { flag: 'partitions', description: 'partitions of the fresh topics', default: '6', example: '6' },
    file: { flag: 'file', description: 'posts replayed with unique ids', default: DEFAULT_SAMPLE, example: DEFAULT_SAMPLE },
    skipBaseline: { flag: 'skip-baseline', type: 'boolean', description: 'skip the per-message run' },
    skipLatency: { flag: 'skip-latency', type: 'boolean', description: 'skip the latency run' },
    noWrite: { flag: 'no-write', type: 'boolean', description: 'do not write docs/benchmarks.md' },
  },
  schema: z.strictObject({
    count: whole(20520),
    warmUpCount: z.coerce.number().min(0).transform(Math.round).optional(),
    repeats: whole(3),
    baselineCount: whole(2000),
    latencySeconds: z.coerce.number().min(1).default(30),
    rate: z.coerce.number().min(1).optional(),
    // Passed on to classify's own parser below, which checks them.
    windowSize: z.string().optional(),
    tokenBudget: z.string().optional(),
    batchSize: z.string().optional(),
    windowWaitMs: z.string().optional(),
    encoderWorkers: z.string().optional(),
    partitions: whole(6),
    file: z.string().min(1).default(DEFAULT_SAMPLE),
    skipBaseline: z.boolean().default(false),
    skipLatency: z.boolean().default(false),
    noWrite: z.boolean().default(false),
  }),
});
const { config: values } = parseOrExit(e2eSpec);
const { count, repeats, baselineCount, latencySeconds, partitions } = values;
const batchingKeys = ['windowSize', 'tokenBudget', 'batchSize', 'windowWaitMs', 'encoderWorkers'] as const;
const batchingFlags = batchingKeys.flatMap((k) => (values[k] === undefined ? [] : [`--${e2eSpec.options[k].flag}`, values[k]]));
const parsed = parseCli(classifySpec, batchingFlags, {});
if ('help' in parsed) process.exit(0);
const batching = parsed.config;

const log = createLogger('bench:e2e');
const loadAtStart = loadavg();
const { connection } = await stackUp(loadStackConfig(), { report: (l) => log.info(l) });
await ensureModels({ logger: log });

/** The sample's valid posts (as the producer validates them), replayed with unique ids (`<id>-r<k>`) up to n. */
function replay(n: number): Array<{ id: string; text: string; [k: string]: unknown }> {
  const sample = readFileSync(values.file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const post = JSON.parse(line) as { id: string; text: string };
        return validatePost(post).ok ? [post] : []; // only what the producer accepts, so every post produced is a row
      } catch {
        return [];
      }
    });
  if (sample.length === 0) throw new Error(`${values.file} holds no valid posts`);
  return Array.from({ length: n }, (_, i) => ({
    ...sample[i % sample.length]!,
    id: `${sample[i % sample.length]!.id}-r${Math.floor(i / sample.length)}`,
  }));
}

const posts = replay(count);
const run = (label: string, n: number, rate: number, classifyArgs: string[]) =>
  runPipeline({ label, connection, posts: n <= posts.length ? posts.slice(0, n) : replay(n), rate, partitions, classifyArgs, logger: log });

// A fresh broker's JIT is compiling through its first passes: one uncounted pass warms the stack.
const warmUpCount = values.warmUpCount ?? count;
let warmUp: PipelineRun | undefined;
if (warmUpCount > 0) {
  log.info('0/5 warm-up pass through the pipeline (not counted)', { posts: warmUpCount });
  warmUp = await run('warm', warmUpCount, 0, batchingFlags);
  log.info('warm-up pass', { e2e: warmUp.postsPerS.toFixed(1), broker: (warmUp.cpuPer1k.broker ?? NaN).toFixed(2) });
}
// Model only runs before the first end-to-end pass and after each one; each pass's ratio uses the
// mean of the model passes on either side of it: on a shared machine the speed drifts between passes.
const texts = posts.map((p) => p.text);
log.info(`1/5 model only, same texts, same batching (this process), before end-to-end pass 1 of ${repeats}`);
const modelPasses = [await modelOnly(texts, false)];
log.info('model only', { windowed: modelPasses[0]!.windowed.toFixed(1) });
const passes: Array<{ run: PipelineRun; model: number; ratio: number }> = [];
for (let k = 1; k <= repeats; k++) {
  log.info(`2/5 end to end, backlog, pass ${k} of ${repeats}`, { posts: count, batching: batchingFlags.join(' ') || 'classify defaults' });
  const pass = await run(`e2e${k}`, count, 0, batchingFlags);
  log.info(`3/5 model only after end-to-end pass ${k}${k === repeats ? '; then arrival order, batches of 32' : ''}`);
  modelPasses.push(await modelOnly(texts, k === repeats));
  const model = (modelPasses[k - 1]!.windowed + modelPasses[k]!.windowed) / 2;
  const ratio = pass.postsPerS / model;
  passes.push({ run: pass, model, ratio });
  log.info(`pass ${k}`, {
    e2e: pass.postsPerS.toFixed(1),
    modelOnly: model.toFixed(1),
    ratio: ratio.toFixed(3),
    cpuPer1k: Object.entries(pass.cpuPer1k)
      .map(([p, c]) => `${p} ${c.toFixed(2)}`)
      .join(', '),
    modelOnlyCpuPer1k: modelPasses[k]!.cpuPer1k.toFixed(2),
  });
}
// Medians by nearest rank (the lower middle for an even count); the pass with the median ratio
// stands for the run in the tables.
const median = (xs: readonly number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  );
const middle = [...passes].sort((a, b) => a.ratio - b.ratio)[Math.floor((passes.length - 1) / 2)]!;
const e2e = middle.run;
const last = modelPasses[modelPasses.length - 1]!;
const model = {
  windowed: median(passes.map((p) => p.model)),
  arrival32: last.arrival32,
  afterLast: last.windowed,
  calls: last.calls,
  paddedTokens: last.paddedTokens,
  cpuPer1k: median(modelPasses.map((m) => m.cpuPer1k)),
};
const ratio = median(passes.map((p) => p.ratio));
const e2eRate = median(passes.map((p) => p.run.postsPerS));

let baseline: PipelineRun | undefined;
if (!values.skipBaseline) {
  log.info('4/5 per-message pipeline (classify --window-size 1)', { posts: baselineCount });
  baseline = await run('pm', baselineCount, 0, ['--window-size', '1', '--batch-size', '1']);
  log.info('per-message', { postsPerS: baseline.postsPerS.toFixed(1) });
}

let latency: PipelineRun | undefined;
const rate = values.rate !== undefined ? values.rate : Math.max(1, Math.round(e2eRate / 2));
if (!values.skipLatency) {
  const n = Math.max(100, Math.round(rate * latencySeconds));
  log.info('5/5 latency at a steady rate', { rate, posts: n });
  latency = await run('lat', n, rate, batchingFlags);
  log.info('latency', { p50: latency.latencyP50Ms, p99: latency.latencyP99Ms });
}

async function modelOnly(
  texts: readonly string[],
  arrivalToo: boolean,
): Promise<{ windowed: number; arrival32: number; cpuPer1k: number; paddedTokens: number; calls: number }> {
  const classifier = await loadClassifier({ encoderWorkers: batching.encoderWorkers });
  const now = Date.now();
  const tweets = benchPosts(texts, 'm', now);
  const options = { tokenBudget: batching.tokenBudget, maxBatch: batching.batchSize };
  await classifyWindow(tweets.slice(0, batching.windowSize), classifier, options); // warm-up
  const cpu = process.cpuUsage();
  let started = performance.now();
  let paddedTokens = 0;
  let calls = 0;
  for (let i = 0; i < tweets.length; i += batching.windowSize) {
    const out = await classifyWindow(tweets.slice(i, i + batching.windowSize), classifier, options);
    paddedTokens += out.paddedTokens;
    calls += out.calls;
  }
  const windowed = tweets.length / ((performance.now() - started) / 1000);
  const used = process.cpuUsage(cpu);
  started = performance.now();
  if (arrivalToo) for (let i = 0; i < texts.length; i += 32) await classifier.classify(texts.slice(i, i + 32));
  const arrival32 = arrivalToo ? texts.length / ((performance.now() - started) / 1000) : NaN;
  await classifier.close();
  return { windowed, arrival32, cpuPer1k: ((used.user + used.system) / 1e6 / tweets.length) * 1000, paddedTokens, calls };
}

const loadAtEnd = loadavg();
const x = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : 'n/a');
const result = {
  posts: count,
  e2e_posts_per_s: +e2eRate.toFixed(1),
  model_only_posts_per_s: +model.windowed.toFixed(1),
  model_only_arrival_b32_posts_per_s: +model.arrival32.toFixed(1),
  per_message_posts_per_s: baseline ? +baseline.postsPerS.toFixed(1) : null,
  e2e_over_model: +ratio.toFixed(3),
  warm_up_posts_per_s: warmUp ? +warmUp.postsPerS.toFixed(1) : null,
  passes: passes.map((p) => ({ e2e: +p.run.postsPerS.toFixed(1), model_only: +p.model.toFixed(1), ratio: +p.ratio.toFixed(3) })),
  e2e_over_per_message: baseline ? +(e2eRate / baseline.postsPerS).toFixed(2) : null,
  latency_rate: latency ? rate : null,
  latency_p50_ms: latency?.latencyP50Ms ?? null,
  latency_p99_ms: latency?.latencyP99Ms ?? null,
  classify_peak_rss_mib: Math.round(Math.max(...passes.map((p) => p.run.rssMiB.classify ?? 0), latency?.rssMiB.classify ?? 0)),
  load_start: loadAtStart.map((l) => +l.toFixed(2)),
  load_end: loadAtEnd.map((l) => +l.toFixed(2)),
};
console.log(JSON.stringify(result));

const runs = [
  ['warm-up pass (not counted)', warmUp],
  ...passes.map((p, k) => [`end to end (backlog), pass ${k + 1}${p === middle ? ' (the median pass)' : ''}`, p.run] as const),
  ['per-message (`--window-size 1`)', baseline],
  [`at ${rate} posts/s`, latency],
] as const;
const processes = ['classify', 'sink', 'broker', 'mariadb', 'registry', 'producer'] as const;
const cpuRows = runs.flatMap(([name, r]) =>
  r ? [`| ${name} | ${r.posts} | ${processes.map((p) => (r.cpuPer1k[p] ?? NaN).toFixed(2)).join(' | ')} |`] : [],
);
const rssRows = runs.flatMap(([name, r]) =>
  r ? [`| ${name} | ${processes.map((p) => (r.rssMiB[p] === undefined ? '-' : `${Math.round(r.rssMiB[p]!)}`)).join(' | ')} |`] : [],
);
const cores = availableParallelism();
const busy = processes.reduce((sum, p) => sum + (e2e.cpuPer1k[p] ?? 0), 0);
const flagsText = `--window-size ${batching.windowSize} --token-budget ${batching.tokenBudget} --batch-size ${batching.batchSize} --window-wait-ms ${batching.windowWaitMs} --encoder-workers ${batching.encoderWorkers}`;

if (!values.noWrite) {
  writeSection(
    'End-to-end pipeline (bench/e2e.ts)',
    `Command: \`npm run bench:e2e${scriptArgs().length > 0 ? ` -- ${scriptArgs().join(' ')}` : ''}\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. ${count} posts (\`${values.file}\` replayed with unique ids), ${partitions} partitions, classify and sink as separate processes (one each), classify ${flagsText}, sink defaults; the producer runs in the bench process.
Machine: ${machineDescription()}. Load average at the start ${loadAtStart.map((l) => l.toFixed(1)).join(' / ')}. Absolute figures move with whatever else the machine runs; the ratios, measured in one run, are what to compare.

| measure | value | target |
|---|---|---|
| warm-up pass through the pipeline before the measured ones, not counted (${warmUpCount} posts; CPU below) | ${warmUp ? `${warmUp.postsPerS.toFixed(1)} posts/s` : 'not run'} | |
| end to end (first produce -> last row in MySQL, backlog produced at once), median of ${repeats} passes | ${result.e2e_posts_per_s} posts/s (passes: ${passes.map((p) => p.run.postsPerS.toFixed(1)).join(', ')}) | |
| model only, same texts, same batching (windows of ${batching.windowSize}, length-sorted, token budget ${batching.tokenBudget}), this process; per end-to-end pass the mean of the model passes right before and right after it, median over the passes | ${result.model_only_posts_per_s} posts/s (model passes in order: ${modelPasses.map((m) => m.windowed.toFixed(1)).join(', ')}; ${model.calls} model calls, ${(model.paddedTokens / count).toFixed(1)} padded tokens per post, ${model.cpuPer1k.toFixed(2)} CPU-s per 1,000 posts, median) | |
| model only, same texts, arrival order, batches of 32 (the previous batching), right after the windowed pass | ${result.model_only_arrival_b32_posts_per_s} posts/s | |
| per-message pipeline (classify \`--window-size 1\`: one model call and one transaction per post; ${baselineCount} posts) | ${result.per_message_posts_per_s ?? 'not run'} posts/s | |
| end to end / model only, median of the passes' ratios | ${ratio.toFixed(2)}x (passes: ${passes.map((p) => `${p.ratio.toFixed(2)}x`).join(', ')}) | >= 0.9x |
| the median pass against the machine's CPU bound: all processes' CPU-s per 1,000 posts, and ${cores} cores / that | ${busy.toFixed(2)} CPU-s, bound ${((1000 * cores) / busy).toFixed(0)} posts/s; the pass ran at ${((100 * e2e.postsPerS * busy) / (1000 * cores)).toFixed(0)}% of it | |
| end to end / per-message | ${baseline ? x(result.e2e_posts_per_s, baseline.postsPerS) : 'n/a'} | >= 5x |
| model only (windowed, last pass) / model only arrival-order batch 32 (next pass) | ${x(model.afterLast, model.arrival32)} (vs the 208 posts/s recorded before: ${x(model.windowed, 208)}) | >= 1.5x |
| latency created -> row at ${latency ? `${rate} posts/s (half the end-to-end rate; ${latency.posts} posts)` : '(not run)'}: p50 / p99 | ${latency ? `${latency.latencyP50Ms} ms / ${latency.latencyP99Ms} ms` : 'n/a'} | p99 <= 1000 ms |
| latency created -> row in the median backlog pass (queueing behind the backlog): p50 / p99 | ${e2e.latencyP50Ms} ms / ${e2e.latencyP99Ms} ms | |
| classify peak RSS | ${result.classify_peak_rss_mib} MiB | <= 1024 MiB |

CPU seconds per 1,000 posts (kernel accounting, utime+stime, from the first produce to the last row):

| run | posts | classify | sink | broker | MariaDB | registry | producer (bench process) |
|---|---|---|---|---|---|---|---|
${cpuRows.join('\n')}

Peak RSS (MiB; VmHWM: classify and sink per run, services since they started):

| run | classify | sink | broker | MariaDB | registry | producer (bench process) |
|---|---|---|---|---|---|---|
${rssRows.join('\n')}

"created" is when the producer made the record (its \`ingested_at\`); "row" is the row's \`written_at\`.`,
  );
}
process.exit(passes.every((p) => p.run.rows === p.run.posts) ? 0 : 1);
