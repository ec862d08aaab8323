import type { Encoder } from './encoder.ts';
import { crossValidate } from './cross-validate.ts';
import type { CvMetrics } from './cross-validate.ts';
import type { LabeledText } from './labeled-data.ts';
import { SENTIMENT_LABELS } from './sentiment.ts';
import type { HeadFile } from './sentiment-head.ts';
import { trainSoftmaxRegression } from './softmax-regression.ts';

export interface TrainHeadOptions { folds: number; l2Grid: readonly number[]; dataName: string; batchSize?: number; onProgress?: (done: number, total: number) => void }
export interface TrainHeadResult { head: HeadFile; cv: CvMetrics; grid: { l2: number; cv: CvMetrics }[] }

export async function embedAll(encoder: Encoder, texts: readonly string[], batchSize = 64, onProgress?: (d: number, t: number) => void): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += batchSize) {
    out.push(...(await encoder.embed(texts.slice(i, i + batchSize))));
    onProgress?.(out.length, texts.length);
  }
  return out;
}

/**
 * Picks the L2 penalty by k-fold CV macro-recall, then fits the head on all the data. The reported
 * CV figure is the best over the grid, so it is slightly optimistic; the grid is small on purpose.
 */
export async function trainHead(encoder: Encoder, data: readonly LabeledText[], options: TrainHeadOptions): Promise<TrainHeadResult> {
  const x = await embedAll(encoder, data.map((d) => d.text), options.batchSize, options.onProgress);
  const y = data.map((d) => SENTIMENT_LABELS.indexOf(d.label));
  const grid = options.l2Grid.map((l2) => ({ l2, cv: crossValidate(x, y, options.folds, l2) }));
  const best = grid.reduce((a, b) => (b.cv.macroRecall > a.cv.macroRecall ? b : a));
  const model = trainSoftmaxRegression(x, y, { classes: 3, l2: best.l2 });
  const head: HeadFile = {
    kind: 'softmax-regression',
    encoder: encoder.name,
    labels: [...SENTIMENT_LABELS],
    weights: model.weights.map((w) => w.map(round)),
    bias: model.bias.map(round),
    metadata: {
      trainedOn: options.dataName,
      examples: data.length,
      classCounts: Object.fromEntries(SENTIMENT_LABELS.map((l) => [l, data.filter((d) => d.label === l).length])),
      trainedAt: new Date().toISOString(),
      l2: best.l2,
      loss: 'class-balanced softmax cross-entropy',
      cv: roundMetrics(best.cv),
    },
  };
  return { head, cv: best.cv, grid };
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

function roundMetrics(m: CvMetrics): Record<string, unknown> {
  const r4 = (v: number) => Math.round(v * 1e4) / 1e4;
  return { ...m, accuracy: r4(m.accuracy), macroRecall: r4(m.macroRecall), posNegForcedChoiceAccuracy: r4(m.posNegForcedChoiceAccuracy), recall: Object.fromEntries(Object.entries(m.recall).map(([k, v]) => [k, r4(v)])) };
}
