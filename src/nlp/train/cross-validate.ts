import { singleLabelMetrics } from '../common/metrics.ts';
import { SENTIMENT_LABELS } from '../common/sentiment.ts';
import { argmax } from '../common/vectors.ts';
import { predictProba, trainSoftmaxRegression } from './softmax-regression.ts';

export interface CvMetrics {
  folds: number;
  accuracy: number;
  /** TweetEval's official metric: recall averaged over the classes (common/metrics.ts). */
  macroRecall: number;
  recall: Record<string, number>;
  /** On the positive and negative items only, the larger of p(positive) and p(negative) decides. */
  posNegForcedChoiceAccuracy: number;
}

const NEG = SENTIMENT_LABELS.indexOf('negative');
const POS = SENTIMENT_LABELS.indexOf('positive');

/** Deterministic stratified folds: each class's items, shuffled by a seeded LCG, dealt round robin. */
export function stratifiedFolds(y: readonly number[], k: number, seed = 1): number[] {
  let state = seed;
  const rand = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const fold = new Array<number>(y.length).fill(0);
  for (const c of new Set(y)) {
    const idx = y.map((v, i) => (v === c ? i : -1)).filter((i) => i >= 0);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j], idx[i]];
    }
    idx.forEach((i, n) => {
      fold[i] = n % k;
    });
  }
  return fold;
}

/** Trains on some rows and returns the class-probability function of the fitted model. */
export type Fitter = (x: readonly Float32Array[], y: readonly number[]) => (row: Float32Array) => number[];

/** k-fold CV of the softmax-regression head at one L2 penalty (and class-weight power, see TrainOptions). */
export function crossValidate(x: readonly Float32Array[], y: readonly number[], k: number, l2: number, balance = 1): CvMetrics {
  return crossValidateWith(x, y, k, (xt, yt) => {
    const model = trainSoftmaxRegression(xt, yt, { classes: 3, l2, balance });
    return (row) => predictProba(model, row);
  });
}

/** k-fold CV of any head: stratified folds, predictions of the model that did not see the row. */
export function crossValidateWith(x: readonly Float32Array[], y: readonly number[], k: number, fit: Fitter): CvMetrics {
  const folds = stratifiedFolds(y, k);
  const predicted = new Array<number>(y.length);
  let pnCorrect = 0;
  let pnTotal = 0;
  for (let f = 0; f < k; f++) {
    const train = y.map((_, i) => i).filter((i) => folds[i] !== f);
    const predict = fit(
      train.map((i) => x[i]),
      train.map((i) => y[i]),
    );
    y.forEach((label, i) => {
      if (folds[i] !== f) return;
      const p = predict(x[i]);
      predicted[i] = argmax(p);
      if (label === NEG || label === POS) {
        pnTotal++;
        if ((p[POS] > p[NEG] ? POS : NEG) === label) pnCorrect++;
      }
    });
  }
  return summarize(y, predicted, k, pnCorrect / pnTotal);
}

/** The metrics of `predict` on rows it was not trained on (folds: 1). */
export function heldOutMetrics(x: readonly Float32Array[], y: readonly number[], predict: (row: Float32Array) => number[]): CvMetrics {
  let pnCorrect = 0;
  let pnTotal = 0;
  const predicted = x.map((row, i) => {
    const p = predict(row);
    if (y[i] === NEG || y[i] === POS) {
      pnTotal++;
      if ((p[POS] > p[NEG] ? POS : NEG) === y[i]) pnCorrect++;
    }
    return argmax(p);
  });
  return summarize(y, predicted, 1, pnCorrect / Math.max(1, pnTotal));
}

/** Accuracy and recalls through the one metrics module (macro recall over the classes present: all three in any real data). */
function summarize(y: readonly number[], predicted: readonly number[], k: number, pn: number): CvMetrics {
  const name = (c: number) => SENTIMENT_LABELS[c];
  const m = singleLabelMetrics(y.map(name), predicted.map(name), SENTIMENT_LABELS);
  const recall: Record<string, number> = {};
  for (const label of SENTIMENT_LABELS) recall[label] = m.per_class[label].recall;
  return { folds: k, accuracy: m.accuracy, macroRecall: m.macro_recall, recall, posNegForcedChoiceAccuracy: pn };
}
