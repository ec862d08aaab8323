import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import type { LabeledText } from '../common/labeled-data.ts';
import { SENTIMENT_LABELS } from '../common/sentiment.ts';
import type { Encoder } from '../serve/encoder.ts';
import { mlpPredictor } from '../serve/mlp-predictor.ts';
import type { HeadFile } from '../serve/sentiment-head.ts';
import { mlpHeadFile } from '../serve/sentiment-head.ts';
import type { CvMetrics } from './cross-validate.ts';
import { crossValidate, crossValidateWith, heldOutMetrics, stratifiedFolds } from './cross-validate.ts';
import type { MlpOptions } from './mlp-trainer.ts';
import { trainMlp } from './mlp-trainer.ts';
import { trainSoftmaxRegression } from './softmax-regression.ts';

/** The MLP's hyper-parameters (src/nlp/train/mlp-trainer.ts); classes is always 3 here. */
export type MlpSettings = Omit<MlpOptions, 'classes' | 'onEpoch' | 'balance'>;

export interface TrainHeadOptions {
  /** 'softmax' (default): softmax regression with L2 picked by CV; 'mlp': the one-hidden-layer MLP. */
  kind?: 'softmax' | 'mlp';
  /** k-fold CV folds; 0 skips CV (MLP only: then the metadata reports its early-stopping slice). */
  folds: number;
  l2Grid: readonly number[];
  /** Class weights of the loss ∝ n_c^-balance: 1 (default) class-balanced, 0 none. */
  balance?: number;
  mlp?: MlpSettings;
  dataName: string;
  batchSize?: number;
  /** Embedding cache file (see embedAllCached). */
  cachePath?: string;
  onProgress?: (done: number, total: number) => void;
  onLog?: (line: string) => void;
}
export interface TrainHeadResult {
  head: HeadFile;
  cv: CvMetrics;
  grid: { l2: number; cv: CvMetrics }[];
}

export async function embedAll(
  encoder: Encoder,
  texts: readonly string[],
  batchSize = 64,
  onProgress?: (d: number, t: number) => void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    out.push(...(await encoder.embed(texts.slice(i, i + batchSize))));
    onProgress?.(out.length, texts.length);
  }
  return out;
}

const CACHE_MAGIC = 'streamsense-embeddings/1\n';

/** Identifies a list of texts embedded by one encoder, so a stale cache is never reused. */
function cacheKey(encoderName: string, texts: readonly string[]): string {
  const h = createHash('sha256').update(encoderName);
  for (const t of texts) h.update('\u0000').update(t);
  return h.digest('hex');
}

/**
 * embedAll with a file cache: `MAGIC`, one JSON header line {encoder, count, dim, key}, then the rows as
 * little-endian float32. Reused only when encoder and texts (sha256) match; otherwise re-embedded and rewritten.
 */
export async function embedAllCached(
  encoder: Encoder,
  texts: readonly string[],
  cachePath: string | undefined,
  batchSize = 64,
  onProgress?: (d: number, t: number) => void,
): Promise<{ x: Float32Array[]; cached: boolean }> {
  const key = cacheKey(encoder.name, texts);
  if (cachePath && existsSync(cachePath)) {
    const x = readEmbeddingCache(await readFile(cachePath), key);
    if (x) return { x, cached: true };
  }
  const x = await embedAll(encoder, texts, batchSize, onProgress);
  if (cachePath) await writeFile(cachePath, writeEmbeddingCache(x, { encoder: encoder.name, key }));
  return { x, cached: false };
}

export function writeEmbeddingCache(x: readonly Float32Array[], meta: { encoder: string; key: string }): Buffer {
  const dim = x[0]?.length ?? 0;
  const header = Buffer.from(`${CACHE_MAGIC}${JSON.stringify({ ...meta, count: x.length, dim })}\n`, 'utf8');
  const body = Buffer.alloc(x.length * dim * 4);
  x.forEach((row, i) => {
    row.forEach((v, j) => {
      body.writeFloatLE(v, (i * dim + j) * 4);
    });
  });
  return Buffer.concat([header, body]);
}

/** The cached rows, or undefined when the file is not a cache of these texts. */
export function readEmbeddingCache(buf: Buffer, key: string): Float32Array[] | undefined {
  if (buf.subarray(0, CACHE_MAGIC.length).toString('utf8') !== CACHE_MAGIC) return undefined;
  const end = buf.indexOf(10, CACHE_MAGIC.length);
  if (end < 0) return undefined;
  const meta = JSON.parse(buf.subarray(CACHE_MAGIC.length, end).toString('utf8')) as { key: string; count: number; dim: number };
  if (meta.key !== key || buf.length - end - 1 !== meta.count * meta.dim * 4) return undefined;
  const body = buf.subarray(end + 1);
  const all =
    endianness() === 'LE'
      ? new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.length))
      : Float32Array.from({ length: meta.count * meta.dim }, (_, q) => body.readFloatLE(q * 4));
  return Array.from({ length: meta.count }, (_, i) => all.subarray(i * meta.dim, (i + 1) * meta.dim));
}

/**
 * Embeds the data (through the cache when given) and fits the head: see fitHead.
 */
export async function trainHead(encoder: Encoder, data: readonly LabeledText[], options: TrainHeadOptions): Promise<TrainHeadResult> {
  const { x, cached } = await embedAllCached(
    encoder,
    data.map((d) => d.text),
    options.cachePath,
    options.batchSize,
    options.onProgress,
  );
  if (cached) options.onLog?.(`embeddings read from ${options.cachePath}`);
  return fitHead(
    encoder.name,
    x,
    data.map((d) => SENTIMENT_LABELS.indexOf(d.label)),
    options,
  );
}

/**
 * Softmax regression: picks the L2 penalty by k-fold CV macro-recall, then fits the head on all the
 * data (the reported CV figure is the best over the grid, so slightly optimistic; the grid is small
 * on purpose). MLP: fixed hyper-parameters, k-fold CV figures if folds >= 2, then one fit on all the
 * data (its early stopping and temperature use a stratified slice of it).
 */
export function fitHead(encoderName: string, x: readonly Float32Array[], y: readonly number[], options: TrainHeadOptions): TrainHeadResult {
  const classCounts = Object.fromEntries(SENTIMENT_LABELS.map((l, c) => [l, y.filter((v) => v === c).length]));
  const common = { trainedOn: options.dataName, examples: y.length, classCounts, trainedAt: new Date().toISOString() };
  if (options.kind === 'mlp') return fitMlpHead(encoderName, x, y, options, common);
  const balance = options.balance ?? 1;
  const grid = options.l2Grid.map((l2) => ({ l2, cv: crossValidate(x, y, options.folds, l2, balance) }));
  const best = grid.reduce((a, b) => (b.cv.macroRecall > a.cv.macroRecall ? b : a));
  const model = trainSoftmaxRegression(x, y, { classes: 3, l2: best.l2, balance });
  const head: HeadFile = {
    kind: 'softmax-regression',
    encoder: encoderName,
    labels: [...SENTIMENT_LABELS],
    weights: model.weights.map((w) => w.map(round)),
    bias: model.bias.map(round),
    metadata: {
      ...common,
      l2: best.l2,
      loss: balance === 1 ? 'class-balanced softmax cross-entropy' : `softmax cross-entropy with class weights ∝ n_c^-${balance}`,
      cv: roundMetrics(best.cv),
    },
  };
  return { head, cv: best.cv, grid };
}

function fitMlpHead(
  encoderName: string,
  x: readonly Float32Array[],
  y: readonly number[],
  options: TrainHeadOptions,
  common: Record<string, unknown>,
): TrainHeadResult {
  const settings: MlpOptions = { classes: 3, ...options.mlp, balance: options.balance ?? 1 };
  let cv: CvMetrics | undefined;
  if (options.folds >= 2) {
    cv = crossValidateWith(x, y, options.folds, (xt, yt) => {
      return mlpPredictor(trainMlp(xt, yt, settings).model);
    });
    options.onLog?.(`cv ${JSON.stringify(roundMetrics(cv))}`);
  }
  const log = options.onLog;
  const result = trainMlp(x, y, {
    ...settings,
    onEpoch: log ? (e, tr, ho) => log(`epoch ${e}: train loss ${tr.toFixed(4)}, held-out loss ${ho.toFixed(4)}`) : undefined,
  });
  // The slice trainMlp held out (same stratified split), for figures when CV was skipped.
  const k = Math.max(2, Math.round(1 / (settings.holdout ?? 0.1)));
  const fold = stratifiedFolds(y, k, settings.seed ?? 1);
  const held = y.map((_, i) => i).filter((i) => fold[i] === 0);
  const heldOut = heldOutMetrics(
    held.map((i) => x[i]),
    held.map((i) => y[i]),
    mlpPredictor(result.model),
  );
  const head = mlpHeadFile(result.model, encoderName, {
    ...common,
    architecture: `${x[0].length}-${result.model.layers[0].rows}-3 ${result.model.activation}${(settings.members ?? 1) > 1 ? ` (logit average of ${settings.members} members of ${settings.hidden ?? 256} hidden units)` : ''}`,
    settings: { ...options.mlp, balance: settings.balance },
    loss: `softmax cross-entropy with class weights ∝ n_c^-${settings.balance ?? 1}, AdamW, dropout, early stopping and temperature scaling on a stratified held-out slice`,
    members: result.members,
    temperature: Math.round(result.temperature * 1e4) / 1e4,
    heldOutSlice: { examples: held.length, ...roundMetrics(heldOut), note: 'early-stopping and temperature slice: slightly optimistic' },
    ...(cv ? { cv: roundMetrics(cv) } : {}),
  });
  return { head, cv: cv ?? heldOut, grid: [] };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function roundMetrics(m: CvMetrics): Record<string, unknown> {
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return {
    ...m,
    accuracy: r4(m.accuracy),
    macroRecall: r4(m.macroRecall),
    posNegForcedChoiceAccuracy: r4(m.posNegForcedChoiceAccuracy),
    recall: Object.fromEntries(Object.entries(m.recall).map(([k, v]) => [k, r4(v)])),
  };
}
