import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { argmax } from '../../../src/nlp/common/vectors.ts';
import { mlpProba } from '../../../src/nlp/serve/mlp-predictor.ts';
import { fitTemperature, trainMlp } from '../../../src/nlp/train/mlp-trainer.ts';
import { classWeights, predictProba, trainSoftmaxRegression } from '../../../src/nlp/train/softmax-regression.ts';
import { fitHead, readEmbeddingCache, writeEmbeddingCache } from '../../../src/nlp/train/train-head.ts';
import { clusters, seeded } from '../../helpers/toy-data.ts';

/** XOR in 2 dims (plus noise dims): not linearly separable. */
function xor(n: number): { x: Float32Array[]; y: number[] } {
  const rand = seeded(11);
  const x: Float32Array[] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = rand() * 2;
    const b = rand() * 2;
    if (Math.abs(a) < 0.1 || Math.abs(b) < 0.1) continue;
    x.push(Float32Array.from([a, b, rand(), rand()]));
    y.push(a * b > 0 ? 1 : 0);
  }
  return { x, y };
}

const accuracy = (x: readonly Float32Array[], y: readonly number[], p: (r: Float32Array) => number[]) =>
  x.filter((r, i) => argmax(p(r)) === y[i]).length / x.length;

describe('MLP head', () => {
  it('separates separable classes, with probabilities that sum to 1', () => {
    const { x, y } = clusters([60, 60, 60], 0.4);
    const { model } = trainMlp(x, y, { classes: 3, hidden: 16, epochs: 60, learningRate: 1e-2, dropout: 0, holdout: 0.2 });
    assert.ok(accuracy(x, y, (r) => mlpProba(model, r)) > 0.97);
    const p = mlpProba(model, x[0]);
    assert.ok(Math.abs(p.reduce((a, b) => a + b, 0) - 1) < 1e-9);
    assert.equal(model.layers[0].cols, 8);
    assert.equal(model.layers[1].rows, 3);
  });

  it('learns XOR, which a linear head cannot', () => {
    const { x, y } = xor(600);
    const mlp = trainMlp(x, y, {
      classes: 2,
      hidden: 32,
      activation: 'gelu',
      epochs: 200,
      patience: 30,
      learningRate: 1e-2,
      dropout: 0,
      weightDecay: 0,
      batchSize: 32,
    });
    const linear = trainSoftmaxRegression(x, y, { classes: 2, l2: 0.01 });
    assert.ok(accuracy(x, y, (r) => mlpProba(mlp.model, r)) > 0.9, 'mlp');
    assert.ok(accuracy(x, y, (r) => predictProba(linear, r)) < 0.7, 'linear');
  });

  it('is deterministic for a seed', () => {
    const { x, y } = clusters([20, 20, 20], 0.8);
    const a = trainMlp(x, y, { classes: 3, hidden: 8, epochs: 5, seed: 3 });
    const b = trainMlp(x, y, { classes: 3, hidden: 8, epochs: 5, seed: 3 });
    assert.deepEqual(mlpProba(a.model, x[5]), mlpProba(b.model, x[5]));
  });

  it('fits the temperature that minimises the held-out loss', () => {
    const t = fitTemperature((v) => (Math.log(v) - Math.log(1.7)) ** 2);
    assert.ok(Math.abs(t - 1.7) < 1e-3, String(t));
  });

  it('weights classes by n_c^-power, mean sample weight 1', () => {
    const y = [0, 1, 1, 1];
    assert.deepEqual(classWeights(y, 2, 0), [1, 1]);
    const w = classWeights(y, 2, 1);
    assert.ok(Math.abs(w[0] - 2) < 1e-12 && Math.abs(w[1] - 2 / 3) < 1e-12);
    const half = classWeights(y, 2, 0.5);
    assert.ok(Math.abs(half[0] * 1 + half[1] * 3 - 4) < 1e-12);
    assert.ok(half[0] / half[1] > 1 && half[0] / half[1] < 2);
  });
});

describe('fitHead and the embedding cache', () => {
  it('builds an MLP head file with its metadata and temperature', () => {
    const { x, y } = clusters([40, 40, 40], 0.5);
    const { head, cv } = fitHead('fake', x, y, {
      kind: 'mlp',
      folds: 0,
      l2Grid: [],
      mlp: { hidden: 8, epochs: 30, batchSize: 16, learningRate: 1e-2, dropout: 0 },
      dataName: 'toy',
    });
    assert.equal(head.kind, 'mlp');
    assert.equal(head.metadata.examples, 120);
    assert.equal(typeof head.metadata.temperature, 'number');
    assert.ok(cv.macroRecall > 0.9);
  });

  it('round-trips embeddings and refuses a cache of other texts', () => {
    const rows = [Float32Array.from([0.5, -1.25, 3]), Float32Array.from([1e-7, 2, -0])];
    const buf = writeEmbeddingCache(rows, { encoder: 'e', key: 'abc' });
    const back = readEmbeddingCache(buf, 'abc');
    assert.deepEqual(
      back?.map((r) => Array.from(r)),
      rows.map((r) => Array.from(r)),
    );
    assert.equal(readEmbeddingCache(buf, 'other'), undefined);
    assert.equal(readEmbeddingCache(Buffer.from('not a cache'), 'abc'), undefined);
  });
});
