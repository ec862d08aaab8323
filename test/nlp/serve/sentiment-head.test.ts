import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultHeadPath } from '../../../src/nlp/common/paths.ts';
import type { Encoder } from '../../../src/nlp/serve/encoder.ts';
import type { MlpModel } from '../../../src/nlp/serve/mlp-predictor.ts';
import { mlpProba } from '../../../src/nlp/serve/mlp-predictor.ts';
import { decodeFloat32, encodeFloat32, loadSentimentHead, mlpHeadFile } from '../../../src/nlp/serve/sentiment-head.ts';

/** A stand-in encoder: these tests are about head files, not embeddings. */
const fakeEncoder: Encoder = {
  name: 'fake-encoder',
  dim: 2,
  embed: async (texts) => texts.map((t) => Float32Array.from(t.includes('love') ? [1, 0] : [0, 1])),
  close: async () => {},
};

const head = (overrides: Record<string, unknown> = {}) => ({
  kind: 'softmax-regression',
  encoder: 'fake-encoder',
  labels: ['negative', 'neutral', 'positive'],
  weights: [
    [-5, 0],
    [0, 0],
    [5, 0],
  ],
  bias: [0, 0, 0],
  metadata: { trainedAt: '2026-01-02T00:00:00Z' },
  ...overrides,
});

describe('loadSentimentHead', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'heads-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('applies a linear head file', async () => {
    const path = join(dir, 'ok.json');
    await writeFile(path, JSON.stringify(head()));
    const h = await loadSentimentHead(path, fakeEncoder);
    assert.equal(h.name, 'softmax-regression@fake-encoder:2026-01-02');
    const p = h.predict(Float32Array.from([1, 0]));
    assert.equal(p.label, 'positive');
    assert.ok(p.score > 0.99);
    assert.equal(h.predict(Float32Array.from([-1, 0])).label, 'negative');
  });

  it('refuses a head trained on another encoder or of the wrong shape', async () => {
    const other = join(dir, 'other.json');
    await writeFile(other, JSON.stringify(head({ encoder: 'e5-small-v2-q' })));
    await assert.rejects(loadSentimentHead(other, fakeEncoder), /trained on encoder "e5-small-v2-q", not "fake-encoder"/);
    const shape = join(dir, 'shape.json');
    await writeFile(shape, JSON.stringify(head({ weights: [[1], [1], [1]] })));
    await assert.rejects(loadSentimentHead(shape, fakeEncoder), /wrong shape for a 2-dim encoder/);
  });

  it('applies an MLP head file (kind "mlp", base64 float32 layers) exactly as the trained model', async () => {
    const model: MlpModel = {
      activation: 'relu',
      layers: [
        { rows: 3, cols: 2, weights: Float32Array.from([4, 0, -4, 0, 0.5, 0.25]), bias: Float32Array.from([0, 0, 0.1]) },
        { rows: 3, cols: 3, weights: Float32Array.from([0, 3, 0, 0, 0, 1, 3, 0, 0]), bias: Float32Array.from([0, 0.5, 0]) },
      ],
    };
    const path = join(dir, 'mlp.json');
    await writeFile(path, JSON.stringify(mlpHeadFile(model, 'fake-encoder', { trainedAt: '2026-03-04T00:00:00Z' })));
    const h = await loadSentimentHead(path, fakeEncoder);
    assert.equal(h.name, 'mlp@fake-encoder:2026-03-04');
    for (const row of [
      [1, 0],
      [-1, 0],
      [0.1, 0.3],
    ]) {
      const want = mlpProba(model, Float32Array.from(row));
      const got = h.predict(Float32Array.from(row));
      assert.deepEqual([got.scores.negative, got.scores.neutral, got.scores.positive], want);
    }
    assert.equal(h.predict(Float32Array.from([1, 0])).label, 'positive');
    assert.equal(h.predict(Float32Array.from([-1, 0])).label, 'negative');
  });

  it('refuses an MLP head whose layers do not chain from the encoder to the labels', async () => {
    const layer = (rows: number, cols: number) => ({
      rows,
      cols,
      weights: encodeFloat32(new Float32Array(rows * cols)),
      bias: new Array(rows).fill(0),
    });
    const bad = [
      [layer(4, 3), layer(3, 4)], // input width 3, encoder has 2
      [layer(4, 2), layer(3, 5)], // layer 2 expects 5 inputs
      [layer(4, 2), layer(2, 4)], // 2 outputs for 3 labels
      [{ ...layer(4, 2), weights: encodeFloat32(new Float32Array(7)) }, layer(3, 4)], // truncated weights
    ];
    for (const [i, layers] of bad.entries()) {
      const path = join(dir, `bad-mlp-${i}.json`);
      await writeFile(
        path,
        JSON.stringify({
          kind: 'mlp',
          encoder: 'fake-encoder',
          labels: ['negative', 'neutral', 'positive'],
          activation: 'relu',
          layers,
          metadata: {},
        }),
      );
      await assert.rejects(loadSentimentHead(path, fakeEncoder), /wrong shape for a 2-dim encoder/, `case ${i}`);
    }
  });

  it('round-trips float32 through base64', () => {
    const v = Float32Array.from([0, -1.5, Math.PI, 1e-30, -65504]);
    assert.deepEqual(decodeFloat32(encodeFloat32(v)), v);
  });

  it('loads the committed default head', async () => {
    const minilm: Encoder = { ...fakeEncoder, name: 'all-minilm-l6-v2-q', dim: 384 };
    const h = await loadSentimentHead(defaultHeadPath('all-minilm-l6-v2-q'), minilm);
    const row = new Float32Array(384).fill(1 / Math.sqrt(384));
    const p = h.predict(row);
    assert.ok(Math.abs(p.scores.negative + p.scores.neutral + p.scores.positive - 1) < 1e-6);
    assert.match(h.name, /^(mlp|softmax-regression)@all-minilm-l6-v2-q:/);
  });

  it('falls back to label-description similarity when there is no head file', async () => {
    const h = await loadSentimentHead(join(dir, 'absent.json'), fakeEncoder);
    assert.equal(h.name, 'label-similarity@fake-encoder');
    assert.equal(h.predict(Float32Array.from([1, 0])).label, 'positive'); // 'love' is only in the positive descriptions
  });
});
