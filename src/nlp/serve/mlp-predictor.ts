/**
 * The MLP sentiment head as the runtime uses it: a model of dense layers (hidden layers apply the
 * activation, the last gives the logits) and a fast class-probability function. Training it is
 * src/nlp/train/mlp-trainer.ts; the runtime never loads the trainer.
 */
import { softmax } from '../common/vectors.ts';

export type Activation = 'relu' | 'gelu';

export interface DenseLayer {
  /** Row-major rows x cols: output i = bias[i] + sum_j weights[i * cols + j] * input[j]. */
  rows: number;
  cols: number;
  weights: Float32Array;
  bias: Float32Array;
}

/** Hidden layers apply the activation; the last layer gives the class logits. */
export interface MlpModel {
  activation: Activation;
  layers: DenseLayer[];
}

export const GELU_C = Math.sqrt(2 / Math.PI);

export function activate(kind: Activation, z: number): number {
  if (kind === 'relu') return Math.max(z, 0);
  return 0.5 * z * (1 + Math.tanh(GELU_C * (z + 0.044715 * z * z * z)));
}

/**
 * A fast class-probability function for a model: float64 copies of the weights, reused buffers and an
 * unrolled dot product (a 384-512-3 head costs tens of microseconds a post, next to milliseconds of encoder).
 */
export function mlpPredictor(model: MlpModel): (row: ArrayLike<number>) => number[] {
  const layers = model.layers.map((l) => ({
    rows: l.rows,
    cols: l.cols,
    w: Float32Array.from(l.weights),
    b: Float64Array.from(l.bias),
    out: new Float64Array(l.rows),
  }));
  const input = new Float64Array(layers[0].cols);
  const relu = model.activation === 'relu';
  return (row) => {
    for (let j = 0; j < input.length; j++) input[j] = row[j];
    let x = input;
    for (let li = 0; li < layers.length; li++) {
      const { rows, cols, w, b, out } = layers[li];
      const hiddenLayer = li < layers.length - 1;
      const end4 = cols - (cols % 4);
      for (let i = 0; i < rows; i++) {
        const o = i * cols;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        let j = 0;
        for (; j < end4; j += 4) {
          s0 += w[o + j] * x[j];
          s1 += w[o + j + 1] * x[j + 1];
          s2 += w[o + j + 2] * x[j + 2];
          s3 += w[o + j + 3] * x[j + 3];
        }
        for (; j < cols; j++) s0 += w[o + j] * x[j];
        const s = b[i] + s0 + s1 + s2 + s3;
        out[i] = !hiddenLayer ? s : relu ? Math.max(s, 0) : activate('gelu', s);
      }
      x = out;
    }
    return softmax(Array.from(x));
  };
}

/** Class probabilities for one embedding (see mlpPredictor to score many). */
export function mlpProba(model: MlpModel, row: ArrayLike<number>): number[] {
  return mlpPredictor(model)(row);
}
