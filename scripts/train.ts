/**
 * Trains a sentiment head on frozen encoder embeddings and reports k-fold CV.
 *   npx tsx scripts/train.ts [--data ../shared/data/tweeteval-sentiment-val] [--encoder NAME]
 *                            [--out src/nlp/heads/sentiment-<encoder>.json] [--folds 5] [--l2 0.001,0.01,0.1]
 * --data: a TweetEval-style dir, a .jsonl of {text,label} or a text<TAB>label file.
 * --dry-run: report CV only, write nothing.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeError } from '../src/errors/app-error.ts';
import { loadEncoder } from '../src/nlp/encoder.ts';
import { readLabeled } from '../src/nlp/labeled-data.ts';
import { loadCatalog, pickEncoder } from '../src/nlp/model-catalog.ts';
import { ensureModels } from '../src/nlp/model-fetch.ts';
import { defaultHeadPath, defaultPaths } from '../src/nlp/paths.ts';
import { trainHead } from '../src/nlp/train-head.ts';

const flags = z.strictObject({
  data: z.string().default(resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val')),
  encoder: z.string().optional(),
  out: z.string().optional(),
  folds: z.coerce.number().int().min(2).default(5),
  l2: z.string().default('0.03,0.1,0.3,1,3').transform((s) => s.split(',').map(Number)).pipe(z.array(z.number().nonnegative()).min(1)),
  'dry-run': z.boolean().default(false),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, encoder: { type: 'string' }, out: { type: 'string' }, folds: { type: 'string' }, l2: { type: 'string' }, 'dry-run': { type: 'boolean' } } });
  const args = flags.parse(values);
  const spec = pickEncoder(await loadCatalog(defaultPaths.catalog), args.encoder);
  await ensureModels({ encoders: [spec.name] });
  const data = await readLabeled(args.data);
  const encoder = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir });
  const progress = (d: number, t: number) => process.stderr.write(`\rembedding ${d}/${t}`);
  const result = await trainHead(encoder, data, { folds: args.folds, l2Grid: args.l2, dataName: describeData(args.data), onProgress: progress });
  await encoder.close();
  process.stderr.write('\n');
  for (const g of result.grid) process.stdout.write(`l2=${g.l2}\tmacroRecall=${g.cv.macroRecall.toFixed(4)}\taccuracy=${g.cv.accuracy.toFixed(4)}\tposNegForcedChoice=${g.cv.posNegForcedChoiceAccuracy.toFixed(4)}\n`);
  process.stdout.write(`chosen l2=${result.head.metadata.l2} ${JSON.stringify(result.head.metadata.cv)}\n`);
  if (args['dry-run']) return;
  const out = args.out ?? defaultHeadPath(spec.name);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result.head)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

function describeData(path: string): string {
  return basename(path) === 'tweeteval-sentiment-val' ? 'TweetEval sentiment validation split (cardiffnlp/tweeteval datasets/sentiment val_text.txt/val_labels.txt, 2000 tweets)' : basename(path);
}

main().catch((error: unknown) => {
  process.stderr.write(`train failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
