import { softmax } from '../common/vectors.ts';
import { type Activation, activate, GELU_C, type MlpModel } from '../serve/mlp-predictor.ts';
import { stratifiedFolds } from './cross-validate.ts';
import { mulberry32 } from './seeded-random.ts';
import { classWeights } from './softmax-regression.ts';

/**
 * A one-hidden-layer perceptron (D -> H -> classes, ReLU or GELU, softmax) over frozen embeddings,
 * trained in plain TypeScript: standardised inputs, class-weighted cross-entropy, AdamW on
 * mini-batches, dropout, early stopping on a stratified held-out slice of the training data, then
 * temperature scaling on that slice so the probabilities are calibrated. The standardisation and
 * the temperature are folded into the weights, so inference (src/nlp/serve/mlp-predictor.ts) is two small matrix-vector products.
 */
export interface MlpOptions {
  classes: number;
  hidden?: number;
  activation?: Activation;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Decoupled (AdamW) weight decay on the weights, not the biases. */
  weightDecay?: number;
  /** Dropout on the hidden units while training. */
  dropout?: number;
  /** Dropout on the (standardised) inputs while training. */
  inputDropout?: number;
  /** Epochs without a better held-out loss before stopping. */
  patience?: number;
  /** Share of the data held out (stratified) for early stopping and the temperature. */
  holdout?: number;
  /** Class weights of the loss, proportional to n_c^-balance: 1 class-balanced (as the softmax-regression head), 0 none. */
  balance?: number;
  /** Seed of the held-out split, and of the first member's initialisation, shuffling and dropout. */
  seed?: number;
  /**
   * Members of a logit-averaging ensemble, trained from different random starts on the same split;
   * stored as one MLP with members x hidden units.
   */
  members?: number;
  onEpoch?: (epoch: number, trainLoss: number, heldOutLoss: number) => void;
}

export interface MlpTrainResult {
  model: MlpModel;
  /** Per member: epochs run, and the epoch whose parameters were kept. */
  members: { epochs: number; bestEpoch: number }[];
  /** Class-weighted cross-entropy of the held-out slice, after temperature scaling. */
  heldOutLoss: number;
  temperature: number;
}

function actGrad(kind: Activation, z: number): number {
  if (kind === 'relu') return z > 0 ? 1 : 0;
  const u = GELU_C * (z + 0.044715 * z * z * z);
  const t = Math.tanh(u);
  return 0.5 * (1 + t) + 0.5 * z * (1 - t * t) * GELU_C * (1 + 3 * 0.044715 * z * z);
}

interface Params {
  w1: Float64Array;
  b1: Float64Array;
  w2: Float64Array;
  b2: Float64Array;
}

const cloneParams = (p: Params): Params => ({ w1: p.w1.slice(), b1: p.b1.slice(), w2: p.w2.slice(), b2: p.b2.slice() });

export function trainMlp(x: readonly Float32Array[], y: readonly number[], options: MlpOptions): MlpTrainResult {
  const {
    classes,
    hidden = 256,
    activation = 'relu',
    epochs = 60,
    batchSize = 128,
    learningRate = 1e-3,
    weightDecay = 1e-4,
    dropout = 0.2,
    inputDropout = 0,
    patience = 6,
    holdout = 0.1,
    balance = 1,
    seed = 1,
    members = 1,
  } = options;
  const d = x[0].length;
  // Stratified held-out slice (at least 2 folds' worth of data stays for training), shared by all members.
  const k = Math.max(2, Math.round(1 / holdout));
  const fold = stratifiedFolds(y, k, seed);
  const trainIdx = y.map((_, i) => i).filter((i) => fold[i] !== 0);
  const heldIdx = y.map((_, i) => i).filter((i) => fold[i] === 0);

  // Standardise with the training part's statistics.
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const i of trainIdx) for (let j = 0; j < d; j++) mean[j] += x[i][j] / trainIdx.length;
  for (const i of trainIdx) for (let j = 0; j < d; j++) std[j] += (x[i][j] - mean[j]) ** 2 / trainIdx.length;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j]) || 1;
  const z = new Float32Array(x.length * d);
  x.forEach((row, i) => {
    for (let j = 0; j < d; j++) z[i * d + j] = (row[j] - mean[j]) / std[j];
  });
  const sw = classWeights(
    trainIdx.map((i) => y[i]),
    classes,
    balance,
  );

  let rand = mulberry32(seed);
  const maxHidden = hidden * members;
  const pre = new Float64Array(maxHidden);
  const a = new Float64Array(maxHidden);
  const mask = new Float64Array(maxHidden);
  const xin = new Float64Array(d);
  const logits = new Array<number>(classes).fill(0);
  const dz = new Float64Array(maxHidden);
  const gl = new Float64Array(classes);

  /** Forward pass of sample i into `a` and `logits`; with `train`, draws dropout masks. */
  const forward = (pr: Params, i: number, train: boolean): void => {
    const h = pr.b1.length;
    const off = i * d;
    const keepIn = 1 - inputDropout;
    for (let j = 0; j < d; j++) xin[j] = train && inputDropout > 0 ? (rand() < keepIn ? z[off + j] / keepIn : 0) : z[off + j];
    const keep = 1 - dropout;
    for (let u = 0; u < h; u++) {
      let s = pr.b1[u];
      const wo = u * d;
      for (let j = 0; j < d; j++) s += pr.w1[wo + j] * xin[j];
      pre[u] = s;
      mask[u] = train && dropout > 0 ? (rand() < keep ? 1 / keep : 0) : 1;
      a[u] = activate(activation, s) * mask[u];
    }
    for (let c = 0; c < classes; c++) {
      let s = pr.b2[c];
      const wo = c * h;
      for (let u = 0; u < h; u++) s += pr.w2[wo + u] * a[u];
      logits[c] = s;
    }
  };

  /** Class-weighted mean cross-entropy of the held-out slice at temperature t. */
  const heldOutLoss = (pr: Params, t = 1): number => {
    let loss = 0;
    let wsum = 0;
    for (const i of heldIdx) {
      forward(pr, i, false);
      const prob = softmax(logits.map((l) => l / t));
      loss -= sw[y[i]] * Math.log(Math.max(prob[y[i]], 1e-12));
      wsum += sw[y[i]];
    }
    return loss / wsum;
  };

  const zeros = (h: number): Params => ({
    w1: new Float64Array(h * d),
    b1: new Float64Array(h),
    w2: new Float64Array(classes * h),
    b2: new Float64Array(classes),
  });

  /** One member: AdamW from a random start, keeping the parameters of the epoch with the best held-out loss. */
  const trainMember = (): { best: Params; epochs: number; bestEpoch: number } => {
    const h = hidden;
    // He-uniform for the hidden layer, Glorot-uniform for the output layer.
    const p: Params = {
      w1: Float64Array.from({ length: h * d }, () => (rand() * 2 - 1) * Math.sqrt(6 / d)),
      b1: new Float64Array(h),
      w2: Float64Array.from({ length: classes * h }, () => (rand() * 2 - 1) * Math.sqrt(6 / (h + classes))),
      b2: new Float64Array(classes),
    };
    const g = zeros(h);
    const m1 = zeros(h);
    const m2 = zeros(h);
    const beta1 = 0.9;
    const beta2 = 0.999;
    let step = 0;
    let best = cloneParams(p);
    let bestLoss = heldOutLoss(p);
    let bestEpoch = 0;
    let epoch = 0;
    const order = trainIdx.slice();
    for (epoch = 1; epoch <= epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      let trainLoss = 0;
      for (let start = 0; start < order.length; start += batchSize) {
        const batch = order.slice(start, start + batchSize);
        g.w1.fill(0);
        g.b1.fill(0);
        g.w2.fill(0);
        g.b2.fill(0);
        for (const i of batch) {
          forward(p, i, true);
          const prob = softmax(logits);
          const wi = sw[y[i]] / batch.length;
          trainLoss -= sw[y[i]] * Math.log(Math.max(prob[y[i]], 1e-12));
          for (let c = 0; c < classes; c++) {
            gl[c] = wi * (prob[c] - (c === y[i] ? 1 : 0));
            g.b2[c] += gl[c];
            const wo = c * h;
            for (let u = 0; u < h; u++) g.w2[wo + u] += gl[c] * a[u];
          }
          for (let u = 0; u < h; u++) {
            if (mask[u] === 0) {
              dz[u] = 0;
              continue;
            }
            let da = 0;
            for (let c = 0; c < classes; c++) da += p.w2[c * h + u] * gl[c];
            dz[u] = da * mask[u] * actGrad(activation, pre[u]);
          }
          for (let u = 0; u < h; u++) {
            const gz = dz[u];
            if (gz === 0) continue;
            g.b1[u] += gz;
            const wo = u * d;
            for (let j = 0; j < d; j++) g.w1[wo + j] += gz * xin[j];
          }
        }
        step++;
        const c1 = 1 - beta1 ** step;
        const c2 = 1 - beta2 ** step;
        for (const key of ['w1', 'b1', 'w2', 'b2'] as const) {
          const pv = p[key];
          const gv = g[key];
          const mv = m1[key];
          const vv = m2[key];
          const decay = key === 'w1' || key === 'w2' ? learningRate * weightDecay : 0;
          for (let q = 0; q < pv.length; q++) {
            mv[q] = beta1 * mv[q] + (1 - beta1) * gv[q];
            vv[q] = beta2 * vv[q] + (1 - beta2) * gv[q] * gv[q];
            pv[q] -= (learningRate * (mv[q] / c1)) / (Math.sqrt(vv[q] / c2) + 1e-8) + decay * pv[q];
          }
        }
      }
      const loss = heldOutLoss(p);
      options.onEpoch?.(epoch, trainLoss / order.length, loss);
      if (loss < bestLoss - 1e-5) {
        bestLoss = loss;
        best = cloneParams(p);
        bestEpoch = epoch;
      } else if (epoch - bestEpoch >= patience) break;
    }
    return { best, epochs: Math.min(epoch, epochs), bestEpoch };
  };

  const trained = [];
  for (let m = 0; m < members; m++) {
    rand = mulberry32(seed + 7919 * m);
    trained.push(trainMember());
  }
  const combined = concatMembers(
    trained.map((t) => t.best),
    d,
    classes,
  );
  const temperature = fitTemperature((t) => heldOutLoss(combined, t));
  return {
    model: foldParams(combined, mean, std, temperature, activation, d, classes),
    members: trained.map((t) => ({ epochs: t.epochs, bestEpoch: t.bestEpoch })),
    heldOutLoss: heldOutLoss(combined, temperature),
    temperature,
  };
}

/**
 * An ensemble averaging the members' logits is itself one MLP: hidden units side by side, output
 * weights divided by the member count, output biases averaged.
 */
function concatMembers(members: readonly Params[], d: number, classes: number): Params {
  if (members.length === 1) return members[0];
  const n = members.length;
  const hs = members.map((m) => m.b1.length);
  const h = hs.reduce((s, v) => s + v, 0);
  const out: Params = {
    w1: new Float64Array(h * d),
    b1: new Float64Array(h),
    w2: new Float64Array(classes * h),
    b2: new Float64Array(classes),
  };
  let at = 0;
  members.forEach((m, mi) => {
    out.w1.set(m.w1, at * d);
    out.b1.set(m.b1, at);
    for (let c = 0; c < classes; c++) {
      for (let u = 0; u < hs[mi]; u++) out.w2[c * h + at + u] = m.w2[c * hs[mi] + u] / n;
      out.b2[c] += m.b2[c] / n;
    }
    at += hs[mi];
  });
  return out;
}

/** Golden-section search of the temperature minimising the held-out loss, on a log scale in [0.25, 4]. */
export function fitTemperature(loss: (t: number) => number): number {
  let lo = Math.log(0.25);
  let hi = Math.log(4);
  const r = (Math.sqrt(5) - 1) / 2;
  let c = hi - r * (hi - lo);
  let e = lo + r * (hi - lo);
  let fc = loss(Math.exp(c));
  let fe = loss(Math.exp(e));
  for (let i = 0; i < 30; i++) {
    if (fc < fe) {
      hi = e;
      e = c;
      fe = fc;
      c = hi - r * (hi - lo);
      fc = loss(Math.exp(c));
    } else {
      lo = c;
      c = e;
      fc = fe;
      e = lo + r * (hi - lo);
      fe = loss(Math.exp(e));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** Folds the input standardisation into layer 1 and the temperature into layer 2. */
function foldParams(
  p: Params,
  mean: Float64Array,
  std: Float64Array,
  t: number,
  activation: Activation,
  d: number,
  classes: number,
): MlpModel {
  const h = p.b1.length;
  const w1 = new Float32Array(h * d);
  const b1 = new Float32Array(h);
  for (let u = 0; u < h; u++) {
    let b = p.b1[u];
    for (let j = 0; j < d; j++) {
      const w = p.w1[u * d + j] / std[j];
      w1[u * d + j] = w;
      b -= w * mean[j];
    }
    b1[u] = b;
  }
  const w2 = Float32Array.from(p.w2, (v) => v / t);
  const b2 = Float32Array.from(p.b2, (v) => v / t);
  return {
    activation,
    layers: [
      { rows: h, cols: d, weights: w1, bias: b1 },
      { rows: classes, cols: h, weights: w2, bias: b2 },
    ],
  };
}
