/**
 * Trains a sentiment head on frozen encoder embeddings and reports k-fold CV.
 *   npx tsx scripts/train.ts [--data ../shared/data/tweeteval-sentiment-val] [--encoder NAME]
 *                            [--out src/nlp/heads/sentiment-<encoder>.json] [--folds 5] [--l2 0.001,0.01,0.1]
 * --data: a TweetEval-style dir, a .jsonl of {text,label} or a text<TAB>label file.
 * --max-per-class N: keep the first N examples of each class (embedding 47k tweets on 2 busy cores takes ~20 min).
 * --cache FILE: embeddings cache (float32, keyed by encoder + sha256 of the texts); reused when it matches,
 *   else written, so head experiments skip the encoder (e.g. --cache /tmp/semeval-minilm-q.emb).
 * --head softmax|mlp (default softmax): softmax regression (L2 grid by CV) or the one-hidden-layer MLP
 *   (src/nlp/train/mlp-trainer.ts) with --hidden 256 --activation relu|gelu --dropout 0.2 --weight-decay 1e-4 --lr 1e-3
 *   --input-dropout 0 --epochs 60 --patience 6 --seed 1 --members 1 (a logit-averaging ensemble, stored as one
 *   wider MLP); --folds 0 skips the MLP's CV (it then reports its held-out slice).
 * --balance P (default 1): class weights of the loss ∝ n_c^-P; 1 class-balanced, 0 none (both heads).
 * --dry-run: report CV only, write nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeError } from '../src/errors/app-error.ts';
import { loadEncoder } from '../src/nlp/serve/encoder.ts';
import { readLabeled } from '../src/nlp/common/labeled-data.ts';
import type { LabeledText } from '../src/nlp/common/labeled-data.ts';
import { loadCatalog, pickEncoder } from '../src/nlp/serve/model-catalog.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { defaultHeadPath, defaultPaths } from '../src/nlp/common/paths.ts';
import { trainHead } from '../src/nlp/train/train-head.ts';

const flags = z.strictObject({
  data: z.string().default(resolve(defaultPaths.repoRoot, '../shared/data/tweeteval-sentiment-val')),
  encoder: z.string().optional(),
  out: z.string().optional(),
  folds: z.coerce.number().int().min(0).default(5),
  l2: z.string().default('0.03,0.1,0.3,1,3').transform((s) => s.split(',').map(Number)).pipe(z.array(z.number().nonnegative()).min(1)),
  'max-per-class': z.coerce.number().int().positive().optional(),
  'dry-run': z.boolean().default(false),
  cache: z.string().optional(),
  head: z.enum(['softmax', 'mlp']).default('softmax'),
  hidden: z.coerce.number().int().positive().default(256),
  activation: z.enum(['relu', 'gelu']).default('relu'),
  dropout: z.coerce.number().min(0).max(0.9).default(0.2),
  'weight-decay': z.coerce.number().nonnegative().default(1e-4),
  lr: z.coerce.number().positive().default(1e-3),
  epochs: z.coerce.number().int().positive().default(60),
  patience: z.coerce.number().int().positive().default(6),
  seed: z.coerce.number().int().default(1),
  members: z.coerce.number().int().positive().default(1),
  balance: z.coerce.number().min(0).max(1).default(1),
  'input-dropout': z.coerce.number().min(0).max(0.9).default(0),
}).refine((f) => f.folds !== 1 && (f.folds >= 2 || f.head === 'mlp'), { message: '--folds must be >= 2 (or 0 with --head mlp)', path: ['folds'] });

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { data: { type: 'string' }, encoder: { type: 'string' }, out: { type: 'string' }, folds: { type: 'string' }, l2: { type: 'string' }, 'max-per-class': { type: 'string' }, 'dry-run': { type: 'boolean' }, cache: { type: 'string' }, head: { type: 'string' }, hidden: { type: 'string' }, activation: { type: 'string' }, dropout: { type: 'string' }, 'weight-decay': { type: 'string' }, lr: { type: 'string' }, epochs: { type: 'string' }, patience: { type: 'string' }, seed: { type: 'string' }, members: { type: 'string' }, balance: { type: 'string' }, 'input-dropout': { type: 'string' } } });
  const args = flags.parse(values);
  const spec = pickEncoder(await loadCatalog(defaultPaths.catalog), args.encoder);
  await ensureModels({ encoders: [spec.name] });
  const data = capPerClass(await readLabeled(args.data), args['max-per-class']);
  const encoder = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir });
  const progress = (d: number, t: number) => process.stderr.write(`\rembedding ${d}/${t}`);
  const mlp = { hidden: args.hidden, activation: args.activation, dropout: args.dropout, weightDecay: args['weight-decay'], learningRate: args.lr, epochs: args.epochs, patience: args.patience, seed: args.seed, members: args.members, inputDropout: args['input-dropout'] };
  const started = Date.now();
  const result = await trainHead(encoder, data, {
    kind: args.head,
    folds: args.folds,
    l2Grid: args.l2,
    balance: args.balance,
    mlp,
    cachePath: args.cache,
    dataName: describeData(args.data, args['max-per-class']),
    onProgress: progress,
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  await encoder.close();
  process.stderr.write('\n');
  for (const g of result.grid) process.stdout.write(`l2=${g.l2}\tmacroRecall=${g.cv.macroRecall.toFixed(4)}\taccuracy=${g.cv.accuracy.toFixed(4)}\tposNegForcedChoice=${g.cv.posNegForcedChoiceAccuracy.toFixed(4)}\n`);
  if (args.head === 'softmax') process.stdout.write(`chosen l2=${result.head.metadata.l2} ${JSON.stringify(result.head.metadata.cv)}\n`);
  else process.stdout.write(`mlp ${JSON.stringify({ cv: result.head.metadata.cv, heldOutSlice: result.head.metadata.heldOutSlice, members: result.head.metadata.members, temperature: result.head.metadata.temperature })}\n`);
  process.stdout.write(`trained in ${((Date.now() - started) / 1000).toFixed(0)} s (embedding included)\n`);
  if (args['dry-run']) return;
  const out = args.out ?? defaultHeadPath(spec.name);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result.head)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

function capPerClass(data: LabeledText[], max: number | undefined): LabeledText[] {
  if (!max) return data;
  const seen = new Map<string, number>();
  return data.filter((d) => {
    const n = (seen.get(d.label) ?? 0) + 1;
    seen.set(d.label, n);
    return n <= max;
  });
}

function describeData(path: string, max: number | undefined): string {
  const cap = max ? `, first ${max} per class` : '';
  if (basename(path) === 'tweeteval-sentiment-val') return 'TweetEval sentiment validation split (cardiffnlp/tweeteval datasets/sentiment val_text.txt/val_labels.txt, 2000 tweets)';
  const source = join(dirname(path), 'SOURCE.json');
  if (existsSync(source)) {
    const s = JSON.parse(readFileSync(source, 'utf8')) as { repo: string; commit: string; kept: number };
    return `SemEval 2013-2016 Task 4A English tweets (${s.repo}@${s.commit.slice(0, 7)} dataset/Subtask_A/downloaded, ${s.kept} after removing TweetEval validation tweets and duplicates${cap}; scripts/fetch-sentiment-data.ts)`;
  }
  return `${basename(path)}${cap}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`train failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
