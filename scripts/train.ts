/**
 * Trains a sentiment head on frozen encoder embeddings and reports k-fold CV.
 *   npm run train -- [--data ../shared/data/tweeteval-sentiment-val] [--encoder NAME] [--head softmax|mlp]
 *                    [--out src/nlp/heads/sentiment-<encoder>.json] [--folds 5] [--dry-run] ...
 * `npm run train -- --help` lists every flag (src/nlp/train/train-config.ts); the data preparation
 * and the trainers live in src/nlp/train/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { runScript } from '../src/config/script.ts';
import { readLabeled } from '../src/nlp/common/labeled-data.ts';
import { defaultHeadPath, defaultPaths } from '../src/nlp/common/paths.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadEncoder } from '../src/nlp/serve/encoder.ts';
import { loadCatalog, pickEncoder } from '../src/nlp/serve/model-catalog.ts';
import type { TrainConfig } from '../src/nlp/train/train-config.ts';
import { trainSpec } from '../src/nlp/train/train-config.ts';
import { capPerClass, describeData } from '../src/nlp/train/train-data.ts';
import { trainHead } from '../src/nlp/train/train-head.ts';

async function main(args: Readonly<TrainConfig>): Promise<void> {
  const spec = pickEncoder(await loadCatalog(defaultPaths.catalog), args.encoder);
  await ensureModels({ encoders: [spec.name] });
  const data = capPerClass(await readLabeled(args.data), args.maxPerClass);
  const encoder = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir });
  const progress = (d: number, t: number) => process.stderr.write(`\rembedding ${d}/${t}`);
  const mlp = {
    hidden: args.hidden,
    activation: args.activation,
    dropout: args.dropout,
    weightDecay: args.weightDecay,
    learningRate: args.lr,
    epochs: args.epochs,
    patience: args.patience,
    seed: args.seed,
    members: args.members,
    inputDropout: args.inputDropout,
  };
  const started = Date.now();
  const result = await trainHead(encoder, data, {
    kind: args.head,
    folds: args.folds,
    l2Grid: args.l2,
    balance: args.balance,
    mlp,
    cachePath: args.cache,
    dataName: describeData(args.data, args.maxPerClass),
    onProgress: progress,
    onLog: (line) => process.stderr.write(`${line}\n`),
  });
  await encoder.close();
  process.stderr.write('\n');
  for (const g of result.grid)
    process.stdout.write(
      `l2=${g.l2}\tmacroRecall=${g.cv.macroRecall.toFixed(4)}\taccuracy=${g.cv.accuracy.toFixed(4)}\tposNegForcedChoice=${g.cv.posNegForcedChoiceAccuracy.toFixed(4)}\n`,
    );
  if (args.head === 'softmax') process.stdout.write(`chosen l2=${result.head.metadata.l2} ${JSON.stringify(result.head.metadata.cv)}\n`);
  else
    process.stdout.write(
      `mlp ${JSON.stringify({ cv: result.head.metadata.cv, heldOutSlice: result.head.metadata.heldOutSlice, members: result.head.metadata.members, temperature: result.head.metadata.temperature })}\n`,
    );
  process.stdout.write(`trained in ${((Date.now() - started) / 1000).toFixed(0)} s (embedding included)\n`);
  if (args.dryRun) return;
  const out = args.out ?? defaultHeadPath(spec.name);
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(result.head)}\n`);
  process.stdout.write(`wrote ${out}\n`);
}

await runScript(trainSpec, main);
