import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { env, pipeline } from '@huggingface/transformers';
import { ErrorCode, isAppError } from '../../../src/errors/app-error.ts';
import { defaultPaths } from '../../../src/nlp/common/paths.ts';
import { ensureModels } from '../../../src/nlp/fetch/model-fetch.ts';
import {
  loadLocalTextClassification,
  loadLocalZeroShot,
  localPipelineOptionsSchema,
} from '../../../src/nlp/serve/backends/local-pipeline.ts';
import type { LabelScore, TextClassificationBackend, ZeroShotBackend } from '../../../src/nlp/serve/backends/types.ts';
import { loadEncoder } from '../../../src/nlp/serve/encoder.ts';
import { loadCatalog, pickEncoder } from '../../../src/nlp/serve/model-catalog.ts';

// Hand-built models, see test/fixtures/tiny-models/build.py for what their weights do.
const fixtures = fileURLToPath(new URL('../../fixtures/tiny-models/', import.meta.url));
const sentimentDir = join(fixtures, 'tiny-sentiment');
const nliDir = join(fixtures, 'tiny-nli');
const topics = ['sports', 'politics', 'vaccines'];

const labelsOf = (row: LabelScore[]) => row.map((s) => s.label);
const sum = (row: LabelScore[]) => row.reduce((acc, s) => acc + s.score, 0);
const scoreOf = (row: LabelScore[], label: string) => row.find((s) => s.label === label)?.score ?? Number.NaN;

function assertBestFirst(row: LabelScore[]): void {
  for (let i = 1; i < row.length; i++) assert.ok(row[i - 1].score >= row[i].score, `not sorted: ${JSON.stringify(row)}`);
}

async function assertModelError(promise: Promise<unknown>, pattern: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isAppError(error), String(error));
    assert.equal(error.code, 'MODEL');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('loadLocalTextClassification', () => {
  let backend: TextClassificationBackend;
  before(async () => {
    backend = await loadLocalTextClassification({ model: sentimentDir, batchSize: 2 });
  });
  after(() => backend.close());

  it('returns every label, best first, summing to 1, in input order across batches', async () => {
    const rows = await backend.classify(['I love this, great day', 'I hate this awful day', 'what a day this week', 'happy happy']);
    assert.equal(rows.length, 4);
    assert.deepEqual(
      rows.map((r) => r[0].label),
      ['positive', 'negative', 'neutral', 'positive'],
    );
    for (const row of rows) {
      assert.deepEqual([...labelsOf(row)].sort(), ['negative', 'neutral', 'positive']);
      assertBestFirst(row);
      assert.ok(Math.abs(sum(row) - 1) < 1e-5, `scores sum to ${sum(row)}`);
    }
    assert.ok(rows[3][0].score > rows[0][0].score, 'only positive words beat a mixed sentence');
    assert.equal(backend.name, `local-pipeline:${sentimentDir}`);
  });

  it('answers an empty batch without running the model', async () => {
    assert.deepEqual(await backend.classify([]), []);
  });
});

describe('loadLocalZeroShot', () => {
  let backend: ZeroShotBackend;
  before(async () => {
    backend = await loadLocalZeroShot({ model: nliDir, batchSize: 4 });
  });
  after(() => backend.close());

  it('ranks the candidate of the text topic first, single-label scores summing to 1', async () => {
    const texts = ['great goal in the football match', 'the senate passed the election vote', 'got my booster dose today'];
    const rows = await backend.classify(texts, topics);
    assert.deepEqual(
      rows.map((r) => r[0].label),
      ['sports', 'politics', 'vaccines'],
    );
    for (const row of rows) {
      assert.deepEqual([...labelsOf(row)].sort(), [...topics].sort());
      assertBestFirst(row);
      assert.ok(Math.abs(sum(row) - 1) < 1e-5, `scores sum to ${sum(row)}`);
      assert.ok(row[0].score > 0.9, JSON.stringify(row));
    }
  });

  it('scores labels independently with multiLabel', async () => {
    const [row] = await backend.classify(['the senate vote on the vaccine booster'], topics, { multiLabel: true });
    assert.ok(scoreOf(row, 'politics') > 0.9 && scoreOf(row, 'vaccines') > 0.9, JSON.stringify(row));
    assert.ok(scoreOf(row, 'sports') < 0.1, JSON.stringify(row));
    assert.ok(sum(row) > 1.5, 'independent scores do not sum to 1');
    const [single] = await backend.classify(['the senate vote on the vaccine booster'], topics);
    assert.ok(Math.abs(sum(single) - 1) < 1e-5);
  });

  it('fills the hypothesis template with each label', async () => {
    // "football" in every hypothesis makes each one half about sports: politics now half-entails a football text.
    const text = ['great goal in the football match'];
    const [plain] = await backend.classify(text, topics, { multiLabel: true });
    const [templated] = await backend.classify(text, topics, { multiLabel: true, hypothesisTemplate: 'football {}' });
    assert.ok(scoreOf(plain, 'politics') < 0.1, JSON.stringify(plain));
    assert.ok(scoreOf(templated, 'politics') > 0.5, JSON.stringify(templated));
  });

  it("matches the scores of transformers.js' own zero-shot pipeline (which runs one pair per forward)", async () => {
    const reference = await pipeline('zero-shot-classification', nliDir, { local_files_only: true });
    try {
      const texts = ['great goal in the football match', 'vote', 'a sunny day, then rain and a storm for the league match'];
      const labels = [...topics, 'weather'];
      for (const multiLabel of [false, true]) {
        const ours = await backend.classify(texts, labels, { multiLabel, hypothesisTemplate: 'It is about {}.' });
        const theirs = await reference(texts, labels, { multi_label: multiLabel, hypothesis_template: 'It is about {}.' });
        theirs.forEach((expected, t) => {
          for (const [i, label] of expected.labels.entries()) {
            assert.ok(Math.abs(scoreOf(ours[t], label) - expected.scores[i]) < 1e-5, `${texts[t]} / ${label} (multiLabel ${multiLabel})`);
          }
        });
      }
    } finally {
      await reference.dispose();
    }
  });

  it('rejects an empty candidate list and a template without {}', async () => {
    for (const call of [backend.classify(['x'], []), backend.classify(['x'], topics, { hypothesisTemplate: 'This example is' })]) {
      await assert.rejects(call, (error: unknown) => isAppError(error) && error.code === ErrorCode.INVALID_INPUT);
    }
  });

  it('refuses a model whose labels are not NLI labels', async () => {
    await assertModelError(loadLocalZeroShot({ model: sentimentDir }), /not an NLI model.*negative, neutral, positive/);
  });
});

describe('local pipeline model directories', () => {
  const temps: string[] = [];
  after(async () => {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  });

  it('loads a directory relative to the working directory, even one shaped like a hub id', async () => {
    const rel = relative(process.cwd(), sentimentDir);
    assert.ok(!rel.startsWith('/'));
    const fromRel = await loadLocalTextClassification({ model: rel });
    assert.equal((await fromRel.classify(['awful']))[0][0].label, 'negative');
    await fromRel.close();
    // "tiny-sentiment" is also a valid hub id, which transformers.js would look up under env.localModelPath.
    const cwd = process.cwd();
    process.chdir(fixtures);
    try {
      const bare = await loadLocalTextClassification({ model: 'tiny-sentiment' });
      assert.equal((await bare.classify(['great']))[0][0].label, 'positive');
      await bare.close();
    } finally {
      process.chdir(cwd);
    }
  });

  it('neither needs nor changes the global env the encoder relies on', async () => {
    const saved = { localModelPath: env.localModelPath, allowRemoteModels: env.allowRemoteModels };
    env.localModelPath = '/nonexistent/streamsense-models/';
    env.allowRemoteModels = false;
    try {
      const backend = await loadLocalZeroShot({ model: nliDir });
      await backend.close();
      assert.equal(env.localModelPath, '/nonexistent/streamsense-models/');
      assert.equal(env.allowRemoteModels, false);
    } finally {
      Object.assign(env, saved);
    }
  });

  it('leaves the default encoder loading from models/ working', async () => {
    await ensureModels();
    const spec = pickEncoder(await loadCatalog(defaultPaths.catalog));
    const first = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir, threads: 1 });
    const backend = await loadLocalTextClassification({ model: sentimentDir });
    const second = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir, threads: 1 });
    assert.equal((await second.embed(['hello']))[0].length, 384);
    await Promise.all([first.close(), second.close(), backend.close()]);
  });

  it('says which files a model needs and how to get them when the directory is missing', async () => {
    const missing = join(tmpdir(), 'streamsense-no-such-model');
    await assertModelError(loadLocalTextClassification({ model: missing }), /not a directory.*allowRemote: false/s);
    await assertModelError(
      loadLocalZeroShot({ model: missing }),
      /config\.json, tokenizer\.json, tokenizer_config\.json and onnx\/model\.onnx.*optimum-cli export onnx/s,
    );
  });

  it('lists the files a directory lacks, by dtype', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tiny-partial-'));
    temps.push(dir);
    await cp(join(sentimentDir, 'config.json'), join(dir, 'config.json'));
    await assertModelError(
      loadLocalTextClassification({ model: dir }),
      /lacks tokenizer\.json, tokenizer_config\.json, onnx\/model\.onnx\./,
    );
    await assertModelError(loadLocalTextClassification({ model: sentimentDir, dtype: 'q8' }), /lacks onnx\/model_quantized\.onnx/);
  });

  it('does not treat a missing path as a hub id even with allowRemote', async () => {
    await assertModelError(loadLocalTextClassification({ model: './models/nope', allowRemote: true }), /not a directory nor a hub id/);
  });

  it('validates options with the exported schema', async () => {
    assert.deepEqual(localPipelineOptionsSchema.parse({ model: 'm' }), { model: 'm', dtype: 'fp32', allowRemote: false, batchSize: 32 });
    assert.equal(localPipelineOptionsSchema.safeParse({ model: 'm', device: 'gpu' }).success, false);
    await assert.rejects(
      loadLocalTextClassification({ model: sentimentDir, batchSize: 0 }),
      (error: unknown) => isAppError(error) && error.code === ErrorCode.CONFIG && /batchSize/.test(error.message),
    );
  });
});
