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
import { parseArgs } from 'node:util';
import { loadClassifier } from '../src/nlp/serve/classifier.ts';
import type { TextClassifier } from '../src/nlp/serve/classifier.ts';
import { loadCatalog } from '../src/nlp/serve/model-catalog.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import { machineDescription, writeSection } from './docs-section.ts';

const BATCHES = [1, 8, 32, 64] as const;
const { values } = parseArgs({
  options: {
    encoder: { type: 'string', multiple: true },
    models: { type: 'string' },
    threads: { type: 'string' },
    texts: { type: 'string' },
    n: { type: 'string' },
    'no-write': { type: 'boolean' },
    child: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
interface Rate { batch: number; textsPerS: number; cpuPer1k: number }
interface Result { model: string; encoder: string; rates: Rate[]; peakRssMiB: number; load: number; loadSeconds: number }

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
async function child(): Promise<void> {
  const textsPath = values.texts ?? resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val/val_text.txt');
  const texts = readFileSync(textsPath, 'utf8').split('\n').filter((l) => l.trim()).slice(0, Number(values.n ?? 1024));
  const encoder = values.encoder?.[0];
  await ensureModels({ encoders: encoder ? [encoder] : [], catalogPath: values.models });
  const started = performance.now();
  const classifier = await loadClassifier({ catalogPath: values.models, encoder, threads: values.threads ? Number(values.threads) : undefined });
  const loadSeconds = (performance.now() - started) / 1000;
  const rates: Rate[] = [];
  for (const batch of BATCHES) {
    rates.push(await rate(classifier, texts, batch));
    process.stderr.write(`  ${classifier.info.encoder} batch ${batch}: ${rates.at(-1)!.textsPerS.toFixed(0)} texts/s\n`);
  }
  await classifier.close();
  const { info } = classifier;
  const result: Result = { model: `${info.sentimentModel} + ${info.topicModel}`, encoder: info.encoder, rates, peakRssMiB: process.resourceUsage().maxRSS / 1024, load: loadavg()[0], loadSeconds };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function runChild(encoder: string | undefined): Result {
  const args = ['--import', 'tsx', 'bench/model.ts', '--child', ...(encoder ? ['--encoder', encoder] : [])];
  for (const key of ['models', 'threads', 'texts', 'n'] as const) if (values[key]) args.push(`--${key}`, values[key]!);
  process.stderr.write(`${encoder ?? 'model config'}...\n`);
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`bench child for ${encoder ?? 'the model config'} failed with exit ${r.status}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Result;
}

function table(results: readonly Result[]): string {
  const b32 = (r: Result) => r.rates.find((x) => x.batch === 32)!;
  const first = results[0];
  const rows = results.map((r) => `| \`${r.encoder}\` | ${r.model} | ${r.rates.map((x) => `${x.textsPerS.toFixed(0)}/s`).join(' | ')} | ${(b32(r).textsPerS / b32(first).textsPerS).toFixed(2)}x | ${b32(r).cpuPer1k.toFixed(1)} | ${r.peakRssMiB.toFixed(0)} MiB | ${r.loadSeconds.toFixed(1)} s | ${r.load.toFixed(1)} |`);
  return [
    `Command: \`npm run bench:model${values.encoder ? ` -- --encoder ${values.encoder.join(' --encoder ')}` : ''}\`, ${new Date().toISOString().slice(0, 10)}. Both tasks as the classify stage runs them (tokenise, one encoder forward shared by sentiment and topic, both heads), sequential classify() calls over ${values.n ?? 1024} TweetEval validation tweets (256 at batch 1), one process per model. Machine: ${machineDescription()}.`,
    '',
    `| encoder | sentiment + topic model | batch 1 | batch 8 | batch 32 | batch 64 | b32 vs \`${first.encoder}\` | CPU s / 1000 posts (b32) | peak RSS | load time | load avg |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

if (values.help) {
  process.stdout.write(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]!.replace(/^\/\*\*|^ \* ?/gm, '').trim() + '\n');
} else if (values.child) {
  await child();
} else {
  const catalog = await loadCatalog(values.models ?? defaultPaths.catalog);
  const names = Object.keys(catalog.encoders).sort((a, b) => Number(b === catalog.default) - Number(a === catalog.default));
  const encoders = values.encoder ?? (names.length ? names : [undefined]);
  const results = encoders.map(runChild);
  const text = table(results);
  process.stdout.write(`${text}\n`);
  if (!values['no-write']) writeSection('Model throughput (bench/model.ts)', text);
}
