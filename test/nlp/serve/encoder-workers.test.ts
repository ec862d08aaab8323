import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AppError, ErrorCode } from '../../../src/errors/app-error.ts';
import { loadClassifier } from '../../../src/nlp/serve/classifier.ts';
import type { Encoded } from '../../../src/nlp/serve/encoder.ts';
import { loadEncoder } from '../../../src/nlp/serve/encoder.ts';
import { loadWorkerGraph } from '../../../src/nlp/serve/encoder-workers.ts';
import { loadCatalog, pickEncoder } from '../../../src/nlp/serve/model-catalog.ts';

// The hand-made pooled-logits graph (test/fixtures/tiny-models/build.py), fp32: the same post gives
// the same outputs in any batch, so the worker pool's answers can be compared with the in-process ones.
const fixtures = fileURLToPath(new URL('../../fixtures/tiny-models/', import.meta.url));
const catalogPath = `${fixtures}models-tweet.json`;
const spec = async () => pickEncoder(await loadCatalog(catalogPath));
const words = ['love', 'great', 'match', 'awful', 'vote', 'election', 'goal', 'hate', 'today', 'football'];
const texts = Array.from({ length: 40 }, (_, i) =>
  Array.from({ length: 1 + (i % 7) }, (_, j) => words[(i * 3 + j) % words.length]).join(' '),
);

function assertSame(actual: Encoded, expected: Encoded, what: string) {
  assert.equal(actual.embeddings.length, expected.embeddings.length, `${what}: one embedding per post`);
  for (const [i, row] of expected.embeddings.entries())
    for (const [d, x] of row.entries()) assert.ok(Math.abs(actual.embeddings[i]![d]! - x) < 1e-5, `${what}: post ${i} dim ${d}`);
  for (const [i, row] of expected.logits!.entries())
    for (const [c, x] of row.entries()) assert.ok(Math.abs(actual.logits![i]![c]! - x) < 1e-5, `${what}: post ${i} logit ${c}`);
}

describe('the encoder on worker threads', () => {
  it('answers as the in-process encoder does: one call cut across idle workers, and calls side by side', async () => {
    const local = await loadEncoder(await spec(), { modelsDir: fixtures, threads: 1 });
    const pool = await loadEncoder(await spec(), { modelsDir: fixtures, workers: 2 });
    try {
      assert.equal(pool.parallelism, 2);
      assert.equal(pool.dim, local.dim);
      assertSame(await pool.encode!(texts), await local.encode!(texts), 'one call of 40 posts (cut for two idle workers)');
      const calls = [texts.slice(0, 3), texts.slice(3, 20), texts.slice(20, 21), texts.slice(21)];
      const answers = await Promise.all(calls.map((c) => pool.encode!(c)));
      for (const [k, c] of calls.entries())
        assertSame(answers[k]!, await local.encode!(c), `call ${k} of ${calls.length} in flight together`);
      assert.deepEqual(await pool.encode!([]), { embeddings: [], logits: [] });
    } finally {
      await Promise.all([local.close(), pool.close()]);
    }
  });

  it('a forward the graph rejects fails that call only, with a model error, and the workers go on', async () => {
    const graph = await loadWorkerGraph(await spec(), { modelsDir: fixtures, workers: 1, padTokenId: 0 });
    try {
      await assert.rejects(graph.forward([[1, 99_999_999, 2]]), (error: unknown) => {
        assert.ok(error instanceof AppError && error.code === ErrorCode.MODEL, String(error));
        assert.match(error.message, /tiny-tweet-encoder/);
        return true;
      });
      const ok = await graph.forward([[1, 2, 3]]);
      assert.equal(ok.embeddings.length, 1);
    } finally {
      await graph.close();
    }
  });

  it('a graph the workers cannot load is a model error naming the encoder; calls after close fail', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'no-models-'));
    try {
      await assert.rejects(loadWorkerGraph(await spec(), { modelsDir: empty, workers: 2, padTokenId: 0 }), (error: unknown) => {
        assert.ok(error instanceof AppError && error.code === ErrorCode.MODEL, String(error));
        assert.match(error.message, /tiny-tweet-encoder: worker could not load the graph: Cannot load encoder .*fetch-models/);
        return true;
      });
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
    await assert.rejects(loadWorkerGraph(await spec(), { modelsDir: fixtures, workers: 0, padTokenId: 0 }), /whole number >= 1/);
    const graph = await loadWorkerGraph(await spec(), { modelsDir: fixtures, workers: 1, padTokenId: 0 });
    await graph.close();
    await assert.rejects(graph.forward([[1, 2]]), /closed/);
  });

  it('drives the classifier (encoderWorkers) with the same predictions as in process', async () => {
    const inProcess = await loadClassifier({ catalogPath, modelsDir: fixtures, threads: 1 });
    const workers = await loadClassifier({ catalogPath, modelsDir: fixtures, encoderWorkers: 2 });
    try {
      assert.equal(inProcess.parallelism, 1);
      assert.equal(workers.parallelism, 2);
      const [a, b] = await Promise.all([inProcess.classify(texts), workers.classify(texts)]);
      assert.deepEqual(
        b.map((p) => [p.sentiment.label, p.topic.label]),
        a.map((p) => [p.sentiment.label, p.topic.label]),
      );
    } finally {
      await Promise.all([inProcess.close(), workers.close()]);
    }
  });

  it('idle workers never keep a process alive: a script that forgets close() still exits', async () => {
    const script = `
      import { loadEncoder } from ${JSON.stringify(fileURLToPath(new URL('../../../src/nlp/serve/encoder.ts', import.meta.url)))};
      import { loadCatalog, pickEncoder } from ${JSON.stringify(fileURLToPath(new URL('../../../src/nlp/serve/model-catalog.ts', import.meta.url)))};
      const encoder = await loadEncoder(pickEncoder(await loadCatalog(${JSON.stringify(catalogPath)})), { modelsDir: ${JSON.stringify(fixtures)}, workers: 2 });
      const out = await encoder.encode(['love this great match']);
      console.log('embedded', out.embeddings.length);`;
    const dir = await mkdtemp(join(tmpdir(), 'forgets-close-'));
    await writeFile(join(dir, 'forgets-close.mts'), script);
    const child = spawnSync(process.execPath, ['--import', 'tsx', join(dir, 'forgets-close.mts')], { encoding: 'utf8', timeout: 60_000 });
    await rm(dir, { recursive: true, force: true });
    assert.equal(child.signal, null, `the script had to be killed: it did not exit (${child.stderr})`);
    assert.equal(child.status, 0, child.stderr);
    assert.match(child.stdout, /embedded 1/);
  });
});
