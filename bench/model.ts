/**
 * Classifier throughput by batch size, and peak RSS. Run by hand; figures go to docs/models.md.
 *   npx tsx bench/model.ts [--encoder NAME] [--threads N] [--texts FILE (one post per line)] [--n 1024]
 * Default texts: the TweetEval sentiment validation tweets in ../shared/data (read, not copied).
 */
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadClassifier } from '../src/nlp/classifier.ts';
import type { TextClassifier } from '../src/nlp/classifier.ts';
import { ensureModels } from '../src/nlp/model-fetch.ts';
import { defaultPaths } from '../src/nlp/paths.ts';

const { values } = parseArgs({ options: { encoder: { type: 'string' }, threads: { type: 'string' }, texts: { type: 'string' }, n: { type: 'string' } } });
const textsPath = values.texts ?? resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val/val_text.txt');
const n = Number(values.n ?? 1024);
const texts = readFileSync(textsPath, 'utf8').split('\n').filter((l) => l.trim()).slice(0, n);

/** Wall-clock rate, and CPU seconds per 1000 texts (less sensitive to other load on a shared box). */
async function rate(classifier: TextClassifier, batch: number): Promise<string> {
  const total = batch === 1 ? Math.min(256, texts.length) : texts.length;
  await classifier.classify(texts.slice(0, batch)); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let i = 0; i < total; i += batch) await classifier.classify(texts.slice(i, i + batch));
  const wall = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuPer1k = ((used.user + used.system) / 1e6 / total) * 1000;
  return `${(total / wall).toFixed(0)} texts/s\tcpu ${cpuPer1k.toFixed(2)} s/1000 texts\tload1 ${loadavg()[0].toFixed(2)}`;
}

await ensureModels({ encoders: values.encoder ? [values.encoder] : [] });
const classifier = await loadClassifier({ encoder: values.encoder, threads: values.threads ? Number(values.threads) : undefined });
process.stdout.write(`encoder=${classifier.info.encoder} sentiment=${classifier.info.sentimentModel} texts=${texts.length}\n`);
for (const batch of [1, 8, 32, 64]) process.stdout.write(`batch ${batch}\t${await rate(classifier, batch)}\n`);
await classifier.close();
process.stdout.write(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
