import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadClassifier, OTHER_TOPIC } from '../../../src/nlp/serve/classifier.ts';
import { startFakeHfServer } from '../../helpers/fake-hf-server.ts';

/**
 * The model config file picks the backends: the same code runs the tiny hand-made ONNX models
 * through transformers.js pipelines, or the Hugging Face API (a local server speaking its protocol).
 */
const tiny = fileURLToPath(new URL('../../fixtures/tiny-models/', import.meta.url));

function evalJson(file: string): Record<string, unknown> & { confusion: { labels: string[]; matrix: number[][] } } {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'scripts/eval.ts', join(tiny, file), '--models', join(tiny, 'models.json'), '--json'],
    { encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

describe('eval with the tiny pipeline models (config: test/fixtures/tiny-models/models.json)', () => {
  // Bag-of-words by construction: every post is right except the two negations
  // ("not bad at all" reads negative, "so happy it was not good" reads positive).
  it('sentiment: the known numbers, 6 of 8 right', () => {
    const report = evalJson('sentiment.jsonl');
    assert.equal(report.n, 8);
    assert.equal(report.accuracy, 6 / 8);
    assert.ok(Math.abs((report.macro_recall as number) - (2 / 3 + 1 + 2 / 3) / 3) < 1e-12);
    assert.deepEqual(report.confusion.matrix, [
      [2, 0, 1],
      [0, 2, 0],
      [1, 0, 2],
    ]);
    assert.match(String(report.model), /^local-pipeline:.*tiny-sentiment$/);
  });

  // "the team lost the vote" ties sports and politics (sports wins the tie, listed first);
  // "I love this day" names no topic: every score is 1/4, below otherBelow 0.4, so `other`.
  it('topics (zero-shot over the taxonomy labels): the known numbers, 4 of 6 right, one `other`', () => {
    const report = evalJson('topics.jsonl');
    assert.equal(report.n, 6);
    assert.equal(report.accuracy, 4 / 6);
    const { labels, matrix } = report.confusion;
    assert.deepEqual(labels, ['sports', 'politics', 'vaccines', 'weather', OTHER_TOPIC]);
    assert.equal(matrix[3][4], 1, 'the weather post without a topic word went to other');
    assert.equal(matrix[1][0], 1, 'the tied post went to sports');
  });
});

describe('hf backend chosen by the model config', () => {
  it('runs both tasks against the endpoint, with the token from the named env var', async (t) => {
    const server = await startFakeHfServer({
      models: { 'acme/sentiment': 'text-classification', 'acme/nli': 'zero-shot-classification' },
      token: 'hf_test',
    });
    t.after(() => server.close());
    const dir = await mkdtemp(join(tmpdir(), 'hf-config-'));
    const path = join(dir, 'models.json');
    await writeFile(
      path,
      JSON.stringify({
        tasks: {
          sentiment: {
            backend: 'hf',
            method: 'text-classification',
            model: 'acme/sentiment',
            endpointUrl: server.modelUrl('acme/sentiment'),
            tokenEnv: 'STREAMSENSE_TEST_HF_TOKEN',
          },
          topic: {
            backend: 'hf',
            method: 'zero-shot',
            model: 'acme/nli',
            endpointUrl: server.modelUrl('acme/nli'),
            tokenEnv: 'STREAMSENSE_TEST_HF_TOKEN',
            taxonomy: join(tiny, 'taxonomy.json'),
            otherBelow: 0.3,
          },
        },
      }),
    );
    process.env.STREAMSENSE_TEST_HF_TOKEN = 'hf_test';
    t.after(() => delete process.env.STREAMSENSE_TEST_HF_TOKEN);
    const classifier = await loadClassifier({ catalogPath: path });
    const [a, b] = await classifier.classify(['I love the football match', 'awful weather again']);
    await classifier.close();
    assert.equal(a.sentiment.label, 'positive');
    assert.equal(b.sentiment.label, 'negative');
    assert.equal(b.topic.label, 'weather');
    assert.equal(classifier.info.encoder, 'none');
    assert.ok(server.requests.every((r) => r.authorization === 'Bearer hf_test'));
    assert.equal(server.requests.length, 2 + 2, 'one request per post per task');
  });
});
