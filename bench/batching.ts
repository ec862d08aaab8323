/**
 * `npm run bench:batching`: model-only throughput of classify's token-aware batching on the
 * bundled sample, over a grid of token budgets and window sizes, next to arrival-order batches
 * of 32; how classify's defaults (--token-budget, --window-size, --batch-size) were chosen.
 * Runs in this process, no services. Writes the "Token-aware batching" section of
 * docs/benchmarks.md unless --no-write.
 *   npm run bench:batching -- [--file data/sample/tweets.jsonl] [--budgets 1024,2048,4096,8192]
 *                             [--windows 64,256,512,1024] [--batch-size 128] [--rounds 1] [--no-write]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { classifyWindow } from '../src/classify/classify-batch.ts';
import { DEFAULT_SAMPLE } from '../src/produce/config.ts';
import { loadClassifier, type TextClassifier } from '../src/nlp/classifier.ts';
import { ensureModels } from '../src/nlp/model-fetch.ts';
import type { PostRecord } from '../src/contracts/post-record.ts';
import { machineDescription, writeSection } from './docs-section.ts';
import { answerHelp } from './help.ts';

answerHelp(import.meta.url);
const { values } = parseArgs({
  options: {
    file: { type: 'string', default: DEFAULT_SAMPLE },
    budgets: { type: 'string', default: '1024,2048,4096,8192' },
    windows: { type: 'string', default: '64,256,512,1024' },
    'batch-size': { type: 'string', default: '128' },
    rounds: { type: 'string', default: '1' },
    'no-write': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
const list = (s: string) => s.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const budgets = list(values.budgets!);
const windows = list(values.windows!);
const maxBatch = Number(values['batch-size']);
const rounds = Math.max(1, Number(values.rounds));

const texts = readFileSync(values.file!, 'utf8').split('\n').flatMap((l) => {
  try {
    const t = (JSON.parse(l) as { text?: unknown }).text;
    return typeof t === 'string' && t.trim() ? [t] : [];
  } catch {
    return [];
  }
});
const now = Date.now();
const tweets: PostRecord[] = texts.map((text, i) => ({ id: `b${i}`, text, created_at: now, author: { id: 'a', handle: 'a' }, lang: 'en', source: 'bench', hashtags: [], metrics: null, ingested_at: now, platform: 'x', uri: '', url: null, author_did: null, langs: [], reply_to: null, edited_at: null }));

await ensureModels();
const classifier = await loadClassifier({});
await classifier.classify(texts.slice(0, 32)); // warm-up

/** One pass over the sample, posts/s. */
async function pass(run: (c: TextClassifier) => Promise<void>): Promise<number> {
  const started = performance.now();
  await run(classifier);
  return texts.length / ((performance.now() - started) / 1000);
}
const arrivalPass = (c: TextClassifier) => (async () => {
  for (let i = 0; i < texts.length; i += 32) await c.classify(texts.slice(i, i + 32));
})();

// Each cell is paired with arrival-order passes run right next to it, best of `rounds` each: on a
// shared machine the load moves between cells, and only the ratio within a pair is comparable.
interface Cell { rate: number; arrival: number }
const grid: Cell[][] = [];
for (const window of windows) {
  const row: Cell[] = [];
  for (const tokenBudget of budgets) {
    const cell = { rate: 0, arrival: 0 };
    for (let r = 0; r < rounds; r++) {
      cell.arrival = Math.max(cell.arrival, await pass(arrivalPass));
      cell.rate = Math.max(cell.rate, await pass(async (c) => {
        for (let i = 0; i < tweets.length; i += window) await classifyWindow(tweets.slice(i, i + window), c, { tokenBudget, maxBatch });
      }));
    }
    row.push(cell);
    process.stderr.write(`window ${window}, budget ${tokenBudget}: ${cell.rate.toFixed(0)} posts/s (arrival order b32 next to it: ${cell.arrival.toFixed(0)})\n`);
  }
  grid.push(row);
}
const arrival = Math.max(...grid.flat().map((c) => c.arrival));
await classifier.close();

const text = [
  `Command: \`npm run bench:batching\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Model only (${classifier.info.encoder}, both tasks), the ${texts.length} posts of \`${values.file}\`, best of ${rounds} pass(es) per cell, --batch-size ${maxBatch}. Machine: ${machineDescription()}.`,
  '',
  `Each cell: length-sorted windows cut by the token budget, posts/s, and in brackets the ratio to arrival-order batches of 32 (the previous batching) measured in passes right next to it (best arrival-order pass of the whole run: ${arrival.toFixed(0)} posts/s).`,
  '',
  `| window \\ token budget | ${budgets.join(' | ')} |`,
  `| --- | ${budgets.map(() => '---').join(' | ')} |`,
  ...windows.map((w, i) => `| ${w} | ${grid[i]!.map((c) => `${c.rate.toFixed(0)} (${(c.rate / c.arrival).toFixed(2)}x)`).join(' | ')} |`),
].join('\n');
process.stdout.write(`${text}\n`);
if (!values['no-write']) writeSection('Token-aware batching (bench/batching.ts)', text);
