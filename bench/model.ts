/**
 * Classifier throughput (both tasks, as classify runs them) at batch sizes 1, 8, 32 and 64, and peak
 * RSS, for each configured model. Each model runs in its own process so its peak RSS is its own.
 * Run by hand; writes the "Model throughput" section of docs/benchmarks.md.
 *   npm run bench:model -- [--encoder NAME ...] [--models FILE] [--threads N] [--texts FILE] [--n 1024] [--no-write]
 * Default: every encoder of config/models.json with the config's tasks (head + prototypes), the
 * config's default first; each row gives its batch-32 rate relative to the first row.
 * Default texts: the TweetEval sentiment validation tweets in ../shared/data (read, not copied).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import type { CliSpec } from '../src/config/cli.ts';
import { runScript } from '../src/config/script.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import type { TextClassifier } from '../src/nlp/serve/classifier.ts';
import { loadClassifier } from '../src/nlp/serve/classifier.ts';
import { loadCatalog } from '../src/nlp/serve/model-catalog.ts';
import { machineDescription, writeSection } from './docs-section.ts';

const BATCHES = [1, 8, 32, 64] as const;
const benchModelSpec = {
  command: 'npm run bench:model --',
  summary:
    'Classifier throughput (both tasks, as classify runs them) at batch sizes 1, 8, 32 and 64, and peak RSS, for each configured model, each in its own process so its peak RSS is its own. Default: every encoder of config/models.json with the config\'s tasks (head + prototypes), the config\'s default first; each row gives its batch-32 rate relative to the first row. Run by hand; writes the "Model throughput" section of docs/benchmarks.md unless --no-write.',
  options: {
    encoder: {
      flag: 'encoder',
      multiple: true,
      description: 'Encoder(s) to measure, repeat the flag for several (default: every encoder of the model config)',
      example: 'minilm-tweet-q',
    },
    models: { flag: 'models', description: 'Model config file (default: config/models.json)' },
    threads: { flag: 'threads', description: 'ONNX intra-op threads (default: all cores)' },
    texts: {
      flag: 'texts',
      description: 'Texts to classify, one a line (default: the TweetEval sentiment validation tweets in ../shared/data, read, not copied)',
    },
    n: { flag: 'n', description: 'Texts per run (256 at batch 1)', default: '1024' },
    noWrite: { flag: 'no-write', type: 'boolean', description: 'Print the table only; leave docs/benchmarks.md alone' },
    child: { flag: 'child', type: 'boolean', description: 'Internal: measure one model in this process and print one JSON line' },
  },
  schema: z.strictObject({
    encoder: z.array(z.string().min(1)).min(1).optional(),
    models: z.string().min(1).optional(),
    threads: z.coerce.number().int().positive().optional(),
    texts: z.string().min(1).optional(),
    n: z.coerce.number().int().positive().default(1024),
    noWrite: z.boolean().default(false),
    child: z.boolean().default(false),
  }),
} satisfies CliSpec<z.ZodType>;
type BenchModelConfig = Readonly<z.infer<typeof benchModelSpec.schema>>;

interface Rate {
  batch: number;
  textsPerS: number;
  cpuPer1k: number;
}
interface Result {
  model: string;
  encoder: string;
  rates: Rate[];
  peakRssMiB: number;
  load: number;
  loadSeconds: number;
}

async function rate(classifier: TextClassifier, texts: readonly string[], batch: number): Promise<Rate> {
  const total = batch === 1 ? Math.min(256, texts.length) : texts.length;
  await classifier.classify(texts.slice(0, batch)); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < total; i += batch) await classifier.classify(texts.slice(i, i + batch));
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { batch, textsPerS: total / wall, cpuPer1k: ((used.user + used.system) / 1e6 / total) * 1000 };
}

/** One model, in this process: prints one JSON line. */
async function child(values: BenchModelConfig): Promise<void> {
  const textsPath = values.texts ?? resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val/val_text.txt');
  const texts = readFileSync(textsPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .slice(0, values.n);
  const encoder = values.encoder?.[0];
  await ensureModels({ encoders: encoder ? [encoder] : [], catalogPath: values.models });
  const started = performance.now();
  const classifier = await loadClassifier({ catalogPath: values.models, encoder, threads: values.threads });
  const loadSeconds = (performance.now() - started) / 1000;
  const rates: Rate[] = [];
  for (const batch of BATCHES) {
    rates.push(await rate(classifier, texts, batch));
    process.stderr.write(`  ${classifier.info.encoder} batch ${batch}: ${rates.at(-1)!.textsPerS.toFixed(0)} texts/s\n`);
  }
  await classifier.close();
  const { info } = classifier;
  const result: Result = {
    model: `${info.sentimentModel} + ${info.topicModel}`,
    encoder: info.encoder,
    rates,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    load: loadavg()[0],
    loadSeconds,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(encoder: string | undefined, values: BenchModelConfig): Result {
  const args = ['--import', 'tsx', 'bench/model.ts', '--child', ...(encoder ? ['--encoder', encoder] : [])];
  for (const key of ['models', 'threads', 'texts', 'n'] as const) if (values[key] !== undefined) args.push(`--${key}`, String(values[key]));
  process.stderr.write(`${encoder ?? 'model config'}...\n`);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench child for ${encoder ?? 'the model config'} failed with exit ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
}

function table(results: readonly Result[], values: BenchModelConfig): string {
  const b32 = (r: Result) => r.rates.find((x) => x.batch === 32)!;
  const first = results[0];
  const rows = results.map(
    (r) =>
      `| \`${r.encoder}\` | ${r.model} | ${r.rates.map((x) => `${x.textsPerS.toFixed(0)}/s`).join(' | ')} | ${(b32(r).textsPerS / b32(first).textsPerS).toFixed(2)}x | ${b32(r).cpuPer1k.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} MiB | ${r.loadSeconds.toFixed(1)} s | ${r.load.toFixed(1)} |`,
  );
  return [
    `Command: \`npm run bench:model${values.encoder ? ` -- --encoder ${values.encoder.join(' --encoder ')}` : ''}\`, ${new Date().toISOString().slice(0, 10)}. Both tasks as the classify stage runs them (tokenise, one encoder forward shared by sentiment and topic, both heads), sequential classify() calls over ${values.n} TweetEval validation tweets (256 at batch 1), one process per model. Machine: ${machineDescription()}.`,
    '',
    `| encoder | sentiment + topic model | batch 1 | batch 8 | batch 32 | batch 64 | b32 vs \`${first.encoder}\` | CPU s / 1000 posts (b32) | peak RSS | load time | load avg |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

async function main(values: BenchModelConfig): Promise<void> {
  if (values.child) return child(values);
  const catalog = await loadCatalog(values.models ?? defaultPaths.catalog);
  const names = Object.keys(catalog.encoders).sort((a, b) => Number(b === catalog.default) - Number(a === catalog.default));
  const encoders = values.encoder ?? (names.length ? names : [undefined]);
  const results = encoders.map((encoder) => runChild(encoder, values));
  const text = table(results, values);
  process.stdout.write(`${text}\n`);
  if (!values.noWrite) writeSection('Model throughput (bench/model.ts)', text);
}

await runScript(benchModelSpec, main);
