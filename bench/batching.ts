/**
 * `npm run bench:batching`: model-only throughput of classify's token-aware batching on the
 * bundled sample, over a grid of token budgets and window sizes, next to arrival-order batches
 * of 32; how classify's defaults (--token-budget, --window-size, --batch-size) were chosen.
 * Runs in this process, no services. Writes the "Token-aware batching" section of
 * docs/benchmarks.md unless --no-write.
 *   npm run bench:batching -- [--file data/sample/tweets.jsonl] [--budgets 1024,2048,4096,8192]
 *                             [--windows 64,256,512,1024] [--batch-size 128] [--rounds 1] [--no-write]
 */
import { z } from 'zod';
import { classifyWindow } from '../src/classify/classify-batch.ts';
import type { CliSpec } from '../src/config/cli.ts';
import { runScript } from '../src/config/script.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadClassifier, type TextClassifier } from '../src/nlp/serve/classifier.ts';
import { DEFAULT_SAMPLE } from '../src/produce/config.ts';
import { machineDescription, writeSection } from './docs-section.ts';
import { benchPosts, jsonlTexts } from './posts.ts';

const list = (s: string) =>
  s
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
const batchingSpec = {
  command: 'npm run bench:batching --',
  summary:
    'Model-only throughput of classify\'s token-aware batching on the bundled sample, over a grid of token budgets and window sizes, next to arrival-order batches of 32: how classify\'s defaults (--token-budget, --window-size, --batch-size) were chosen. Runs in this process, no services. Writes the "Token-aware batching" section of docs/benchmarks.md unless --no-write.',
  options: {
    file: { flag: 'file', description: 'JSONL posts ({text} per line)', default: DEFAULT_SAMPLE },
    budgets: { flag: 'budgets', description: 'Token budgets, a comma list', default: '1024,2048,4096,8192' },
    windows: { flag: 'windows', description: 'Window sizes, a comma list', default: '64,256,512,1024' },
    batchSize: { flag: 'batch-size', description: 'Most posts per classify() call', default: '128' },
    rounds: { flag: 'rounds', description: 'Passes per cell, the best kept', default: '1' },
    noWrite: { flag: 'no-write', type: 'boolean', description: 'Print the table only; leave docs/benchmarks.md alone' },
  },
  schema: z.strictObject({
    file: z.string().min(1).default(DEFAULT_SAMPLE),
    budgets: z.string().default('1024,2048,4096,8192').transform(list),
    windows: z.string().default('64,256,512,1024').transform(list),
    batchSize: z.coerce.number().int().positive().default(128),
    rounds: z.coerce
      .number()
      .int()
      .default(1)
      .transform((n) => Math.max(1, n)),
    noWrite: z.boolean().default(false),
  }),
} satisfies CliSpec<z.ZodType>;

async function main(values: Readonly<z.infer<typeof batchingSpec.schema>>): Promise<void> {
  const budgets = values.budgets;
  const windows = values.windows;
  const maxBatch = values.batchSize;
  const rounds = values.rounds;

  const texts = jsonlTexts(values.file);
  const now = Date.now();
  const tweets = benchPosts(texts, 'b', now);

  await ensureModels();
  const classifier = await loadClassifier({});
  await classifier.classify(texts.slice(0, 32)); // warm-up

  /** One pass over the sample, posts/s. */
  async function pass(run: (c: TextClassifier) => Promise<void>): Promise<number> {
    const started = performance.now();
    await run(classifier);
    return texts.length / ((performance.now() - started) / 1000);
  }
  const arrivalPass = (c: TextClassifier) =>
    (async () => {
      for (let i = 0; i < texts.length; i += 32) await c.classify(texts.slice(i, i + 32));
    })();

  // Each cell is paired with arrival-order passes run right next to it, best of `rounds` each: on a
  // shared machine the load moves between cells, and only the ratio within a pair is comparable.
  interface Cell {
    rate: number;
    arrival: number;
  }
  const grid: Cell[][] = [];
  for (const window of windows) {
    const row: Cell[] = [];
    for (const tokenBudget of budgets) {
      const cell = { rate: 0, arrival: 0 };
      for (let r = 0; r < rounds; r++) {
        cell.arrival = Math.max(cell.arrival, await pass(arrivalPass));
        cell.rate = Math.max(
          cell.rate,
          await pass(async (c) => {
            for (let i = 0; i < tweets.length; i += window) await classifyWindow(tweets.slice(i, i + window), c, { tokenBudget, maxBatch });
          }),
        );
      }
      row.push(cell);
      process.stderr.write(
        `window ${window}, budget ${tokenBudget}: ${cell.rate.toFixed(0)} posts/s (arrival order b32 next to it: ${cell.arrival.toFixed(0)})\n`,
      );
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
  if (!values.noWrite) writeSection('Token-aware batching (bench/batching.ts)', text);
}

await runScript(batchingSpec, main);
