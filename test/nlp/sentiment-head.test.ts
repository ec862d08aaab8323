import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Encoder } from '../../src/nlp/encoder.ts';
import { loadSentimentHead } from '../../src/nlp/sentiment-head.ts';

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
  weights: [[-5, 0], [0, 0], [5, 0]],
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

  it('falls back to label-description similarity when there is no head file', async () => {
    const h = await loadSentimentHead(join(dir, 'absent.json'), fakeEncoder);
    assert.equal(h.name, 'label-similarity@fake-encoder');
    assert.equal(h.predict(Float32Array.from([1, 0])).label, 'positive'); // 'love' is only in the positive descriptions
  });
});
