import { softmax } from '../common/vectors.ts';

/**
 * Multinomial logistic regression trained by full-batch gradient descent with Nesterov momentum
 * on standardised features, class-balanced loss and L2 penalty. Small data (a few thousand rows
 * of a few hundred dims) makes this fast enough without a numeric library.
 */
export interface LinearModel {
  weights: number[][];
  bias: number[];
}
export interface TrainOptions {
  classes: number;
  l2: number;
  iterations?: number;
  /** Class weights of the loss, proportional to n_c^-balance: 1 (default) class-balanced, 0 none. */
  balance?: number;
}

interface Standardizer {
  mean: Float64Array;
  std: Float64Array;
}

function standardizer(x: readonly Float32Array[]): Standardizer {
  const d = x[0].length;
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const row of x) for (let j = 0; j < d; j++) mean[j] += row[j] / x.length;
  for (const row of x) for (let j = 0; j < d; j++) std[j] += (row[j] - mean[j]) ** 2 / x.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  return { mean, std };
}

/** Largest eigenvalue of Z'Z/n by power iteration. */
function topEigenvalue(z: readonly Float64Array[], rounds = 30): number {
  let v = new Float64Array(z[0].length).fill(1 / Math.sqrt(z[0].length));
  let lambda = 1;
  for (let r = 0; r < rounds; r++) {
    const next = new Float64Array(v.length);
    for (const row of z) {
      let p = 0;
      for (let j = 0; j < row.length; j++) p += row[j] * v[j];
      for (let j = 0; j < row.length; j++) next[j] += (p * row[j]) / z.length;
    }
    lambda = Math.sqrt(next.reduce((s, x) => s + x * x, 0));
    v = next.map((x) => x / lambda);
  }
  return lambda;
}

/**
 * Per-class loss weights proportional to n_c^-power, scaled so the mean sample weight is 1: power 1 gives
 * the class-balanced n / (classes * n_c), power 0 the plain loss.
 */
export function classWeights(y: readonly number[], classes: number, power = 1): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]++;
  const raw = counts.map((n) => (n === 0 ? 0 : n ** -power));
  const scale = y.length / counts.reduce((s, n, c) => s + n * raw[c], 0);
  return raw.map((w) => w * scale);
}

function logits(w: Float64Array[], b: Float64Array, row: Float64Array): number[] {
  return w.map((wk, k) => {
    let s = b[k];
    for (let j = 0; j < row.length; j++) s += wk[j] * row[j];
    return s;
  });
}

export function trainSoftmaxRegression(x: readonly Float32Array[], y: readonly number[], options: TrainOptions): LinearModel {
  const { classes, l2, iterations = 300, balance = 1 } = options;
  const st = standardizer(x);
  const z = x.map((row) => Float64Array.from(row, (v, j) => (v - st.mean[j]) / st.std[j]));
  const d = z[0].length;
  const sampleWeight = classWeights(y, classes, balance);
  // Step 1/L with L the gradient's Lipschitz bound: 0.5 * max sample weight * top eigenvalue of Z'Z/n, plus l2.
  const learningRate = 1 / (0.5 * Math.max(...sampleWeight) * topEigenvalue(z) + l2);
  const w = Array.from({ length: classes }, () => new Float64Array(d));
  const b = new Float64Array(classes);
  const vw = Array.from({ length: classes }, () => new Float64Array(d));
  const vb = new Float64Array(classes);
  for (let it = 0; it < iterations; it++) {
    const look = w.map((wk, k) => wk.map((v, j) => v + 0.9 * vw[k][j]));
    const lookB = b.map((v, k) => v + 0.9 * vb[k]);
    const [gw, gb] = gradient(look, lookB, z, y, sampleWeight, l2);
    for (let k = 0; k < classes; k++) {
      for (let j = 0; j < d; j++) {
        vw[k][j] = 0.9 * vw[k][j] - learningRate * gw[k][j];
        w[k][j] += vw[k][j];
      }
      vb[k] = 0.9 * vb[k] - learningRate * gb[k];
      b[k] += vb[k];
    }
  }
  return fold(w, b, st);
}

function gradient(
  w: Float64Array[],
  b: Float64Array,
  z: Float64Array[],
  y: readonly number[],
  sw: number[],
  l2: number,
): [Float64Array[], Float64Array] {
  const gw = w.map((wk) => wk.map((v) => l2 * v));
  const gb = new Float64Array(b.length);
  z.forEach((row, i) => {
    const p = softmax(logits(w, b, row));
    for (let k = 0; k < p.length; k++) {
      const err = (sw[y[i]] * (p[k] - (k === y[i] ? 1 : 0))) / z.length;
      gb[k] += err;
      for (let j = 0; j < row.length; j++) gw[k][j] += err * row[j];
    }
  });
  return [gw, gb];
}

/** Folds the standardisation into the weights, so inference is a plain dot product on raw embeddings. */
function fold(w: Float64Array[], b: Float64Array, st: Standardizer): LinearModel {
  const weights = w.map((wk) => Array.from(wk, (v, j) => v / st.std[j]));
  const bias = Array.from(b, (bk, k) => bk - weights[k].reduce((s, v, j) => s + v * st.mean[j], 0));
  return { weights, bias };
}

export function predictProba(model: LinearModel, row: Float32Array): number[] {
  return softmax(model.weights.map((wk, k) => wk.reduce((s, v, j) => s + v * row[j], model.bias[k])));
}
