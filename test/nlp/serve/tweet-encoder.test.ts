import assert from 'node:assert/strict';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { dot } from '../../../src/nlp/common/vectors.ts';
import { isEncoderPresent } from '../../../src/nlp/fetch/model-fetch.ts';
import { loadClassifier } from '../../../src/nlp/serve/classifier.ts';
import type { Encoder } from '../../../src/nlp/serve/encoder.ts';
import { loadEncoder } from '../../../src/nlp/serve/encoder.ts';
import { catalogTasks, loadCatalog, pickEncoder } from '../../../src/nlp/serve/model-catalog.ts';
import { postBatch } from '../../../src/nlp/serve/post-batch.ts';

// A graph shaped like the fine-tuned default (logits + sentence_embedding in one forward), built by
// test/fixtures/tiny-models/build.py: sentiment words drive the logits, topic words their own dimension.
const fixtures = fileURLToPath(new URL('../../fixtures/tiny-models/', import.meta.url));
const catalogPath = `${fixtures}models-tweet.json`;

describe('a pooled-logits encoder graph', () => {
  it('returns the embedding and the sentiment logits of one forward pass', async () => {
    const catalog = await loadCatalog(catalogPath);
    const spec = pickEncoder(catalog);
    assert.equal(spec.onnxFile, `${fixtures}tiny-tweet-encoder/onnx/model.onnx`, 'committed graph paths resolve against the config file');
    const encoder = await loadEncoder(spec, { modelsDir: fixtures, threads: 1 });
    try {
      assert.deepEqual(encoder.logitLabels, ['negative', 'neutral', 'positive']);
      assert.equal(encoder.dim, 7, 'the width comes from the model config');
      const { embeddings, logits } = await encoder.encode!(['i love this great match', 'awful awful vote']);
      assert.equal(embeddings.length, 2);
      assert.ok(Math.abs(dot(embeddings[0], embeddings[0]) - 1) < 1e-5, 'embeddings are unit length');
      assert.equal(logits!.length, 2);
      assert.ok(logits![0][2] > logits![0][0], 'love/great: positive beats negative');
      assert.ok(logits![1][0] > logits![1][2], 'awful: negative beats positive');
    } finally {
      await encoder.close();
    }
  });

  it('encodes the ids countTokens made exactly as it encodes from text (each post tokenized once)', async () => {
    const encoder = await loadEncoder(pickEncoder(await loadCatalog(catalogPath)), { modelsDir: fixtures, threads: 1 });
    try {
      const texts = ['awful', 'i love this great match, what a goal', 'hate this awful election vote today', 'awful'];
      const fresh = await encoder.encode!(texts);
      assert.deepEqual(encoder.countTokens!(texts).length, texts.length);
      const reused = await encoder.encode!(texts);
      assert.deepEqual(reused, fresh, 'padding, mask and type ids built from the counted ids match the tokenizer');
      const mixed = await encoder.encode!([...texts, 'a post nobody counted']); // one miss: tokenized afresh
      assert.equal(mixed.logits!.length, 5);
      for (const [i, row] of fresh.logits!.entries())
        for (const [c, x] of row.entries()) assert.ok(Math.abs(mixed.logits![i]![c]! - x) < 1e-4, `post ${i} keeps its logits`);
    } finally {
      await encoder.close();
    }
  });

  it('drives both tasks of the classifier: sentiment from the logits, topics from the embedding', async () => {
    const classifier = await loadClassifier({ catalogPath, modelsDir: fixtures, threads: 1 });
    try {
      assert.equal(classifier.info.encoder, 'tiny-tweet-encoder');
      assert.match(classifier.info.sentimentModel, /^tiny-tweet-encoder\+argmax$/);
      const [happy, angry, blank] = await classifier.classify([
        'love the football match, great goal',
        'hate this awful election vote',
        '   ',
      ]);
      assert.equal(happy.sentiment.label, 'positive');
      assert.equal(happy.topic.label, 'sports');
      assert.equal(angry.sentiment.label, 'negative');
      assert.equal(angry.topic.label, 'politics');
      assert.equal(blank.sentiment.label, 'neutral');
      const sum = Object.values(happy.sentiment.scores!).reduce((s, x) => s + x, 0);
      assert.ok(Math.abs(sum - 1) < 1e-6);
    } finally {
      await classifier.close();
    }
  });

  it("applies the decision rule of the task over the encoder's", async () => {
    const tasks = catalogTasks(await loadCatalog(catalogPath), catalogPath);
    const shifted = {
      ...tasks,
      sentiment: {
        backend: 'local' as const,
        method: 'head' as const,
        decision: { rule: 'offsets' as const, offsets: { negative: 0, neutral: 0, positive: -100 } },
      },
    };
    const classifier = await loadClassifier({ catalogPath, tasks: shifted, modelsDir: fixtures, threads: 1 });
    try {
      assert.match(classifier.info.sentimentModel, /offsets/);
      const [p] = await classifier.classify(['love love great happy']);
      assert.notEqual(p.sentiment.label, 'positive', 'a -100 offset rules positive out');
    } finally {
      await classifier.close();
    }
  });

  it('sends a post about none of the topics to other with the background fallback, and keeps it without one', async () => {
    const tasks = catalogTasks(await loadCatalog(catalogPath), catalogPath);
    const background = { ...tasks, topic: { ...tasks.topic, fallback: 'background' as const, backgroundZ: 2 } } as typeof tasks;
    const classifier = await loadClassifier({ catalogPath, tasks: background, modelsDir: fixtures, threads: 1 });
    const none = await loadClassifier({ catalogPath, modelsDir: fixtures, threads: 1 });
    try {
      const [onTopic, offTopic] = await classifier.classify(['snow storm and rain in the forecast', 'it is a day of the week']);
      assert.equal(onTopic.topic.label, 'weather');
      assert.equal(offTopic.topic.label, 'other');
      const [kept] = await none.classify(['it is a day of the week']);
      assert.notEqual(kept.topic.label, 'other');
    } finally {
      await classifier.close();
      await none.close();
    }
  });
});

describe('pooled-logits encoder config and layout', () => {
  it('a pooled-logits encoder must name its logit labels, and every encoder a graph', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'catalog-'));
    try {
      const path = join(dir, 'models.json');
      const base = { description: 'x', maven: 'a:b:1', jarTokenizer: 't.json', dtype: 'q8', layers: 6, maxTokens: 128, prefix: '' };
      await writeFile(path, JSON.stringify({ encoders: { e: { ...base, onnxFile: 'g.onnx', outputs: 'pooled-logits' }, f: base } }));
      await assert.rejects(loadCatalog(path), (error: Error) => /logitLabels/.test(error.message) && /jarOnnx/.test(error.message));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a laid-out committed graph counts as present only while the committed file is unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'layout-'));
    try {
      const graph = join(dir, 'graph.onnx');
      await writeFile(graph, 'graph v1');
      const { createHash } = await import('node:crypto');
      const spec = { ...pickEncoder(await loadCatalog(catalogPath)), onnxFile: graph, dtype: 'fp32' as const };
      const laid = join(dir, 'laid');
      await cp(`${fixtures}tiny-tweet-encoder`, laid, { recursive: true });
      await writeFile(join(laid, 'tokenizer_config.json'), '{}');
      const marker = { maven: spec.maven, maxTokens: spec.maxTokens, onnxSha256: createHash('sha256').update('graph v1').digest('hex') };
      await writeFile(join(laid, 'streamsense-model.json'), JSON.stringify(marker));
      assert.equal(await isEncoderPresent(spec, laid), true);
      await writeFile(graph, 'graph v2, retrained');
      assert.equal(await isEncoderPresent(spec, laid), false, 'a retrained graph is laid out again');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('one forward per batch serves both tasks: embeddings and logits come from the same encode() call', async () => {
    let forwards = 0;
    const encoder: Encoder = {
      name: 'e',
      dim: 2,
      logitLabels: ['negative', 'neutral', 'positive'],
      embed: async () => assert.fail('a pooled-logits batch must not run a second, embedding-only forward'),
      encode: async (texts) => {
        forwards++;
        return { embeddings: texts.map(() => new Float32Array(2)), logits: texts.map(() => new Float32Array(3)) };
      },
      close: async () => undefined,
    };
    const batch = postBatch(['a', 'b']);
    const [embeddings, encoded] = await Promise.all([batch.embeddings(encoder), batch.encoded(encoder)]);
    assert.equal(forwards, 1);
    assert.equal(embeddings, encoded.embeddings);
    assert.equal(encoded.logits!.length, 2);
  });
});
