import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TextClassificationBackend, ZeroShotBackend } from '../../../src/nlp/serve/backends/types.ts';
import { loadClassifier, OTHER_TOPIC } from '../../../src/nlp/serve/classifier.ts';
import type { Encoder } from '../../../src/nlp/serve/encoder.ts';
import { tasksSchema } from '../../../src/nlp/serve/model-config.ts';
import { postBatch } from '../../../src/nlp/serve/post-batch.ts';

/** Backends that answer from the text, and record what they were asked. */
function fakeBackends(sentimentLabels: Record<string, string>) {
  const calls = { sentiment: [] as string[][], zeroShot: [] as Array<{ texts: string[]; labels: string[] }> };
  const textClassification: TextClassificationBackend = {
    name: 'fake-sentiment',
    async classify(texts) {
      calls.sentiment.push([...texts]);
      return texts.map((t) => {
        const good = /love/.test(t) ? 0.9 : 0.05;
        return [
          { label: sentimentLabels.pos, score: good },
          { label: sentimentLabels.neg, score: 0.95 - good },
          { label: sentimentLabels.neu, score: 0.05 },
        ].sort((a, b) => b.score - a.score);
      });
    },
    close: async () => undefined,
  };
  const zeroShot: ZeroShotBackend = {
    name: 'fake-nli',
    async classify(texts, labels) {
      calls.zeroShot.push({ texts: [...texts], labels: [...labels] });
      return texts.map((t) => {
        const hit = labels.find((l) => t.toLowerCase().includes(l.toLowerCase()));
        return labels
          .map((label) => ({ label, score: hit ? (label === hit ? 0.8 : 0.2 / (labels.length - 1)) : 1 / labels.length }))
          .sort((a, b) => b.score - a.score);
      });
    },
    close: async () => undefined,
  };
  return { calls, backends: { textClassification: async () => textClassification, zeroShot: async () => zeroShot } };
}

const pipelineTasks = (labels: Record<string, string> = {}, otherBelow = 0.3) =>
  tasksSchema.parse({
    sentiment: { backend: 'hf', method: 'text-classification', model: 'some/model', endpointUrl: 'http://127.0.0.1:9/', labels },
    topic: { backend: 'local', method: 'zero-shot', model: '/nowhere', topK: 2, otherBelow },
  });

describe('loadClassifier with text-classification and zero-shot backends', () => {
  it('maps model labels to sentiments, topic labels back to ids, and falls back to other', async () => {
    const { calls, backends } = fakeBackends({ pos: 'LABEL_2', neg: 'LABEL_0', neu: 'LABEL_1' });
    const classifier = await loadClassifier({ tasks: pipelineTasks(), backends });
    const [love, vaccine, nothing, blank] = await classifier.classify([
      'I love my new Vaccines appointment',
      'vaccines everywhere, so bad',
      'a quiet afternoon',
      '  ',
    ]);
    assert.equal(love.sentiment.label, 'positive');
    assert.equal(vaccine.sentiment.label, 'negative');
    assert.ok(Math.abs(love.sentiment.scores!.positive - 0.9) < 1e-9);
    assert.equal(love.topic.label, 'vaccines', 'the taxonomy label "Vaccines" maps back to its id');
    assert.equal(love.topic.top.length, 2);
    assert.equal(nothing.topic.label, OTHER_TOPIC, 'no topic scores above otherBelow');
    assert.equal(nothing.topic.top[0].topic === OTHER_TOPIC, false, 'the real scores stay in top');
    assert.equal(blank.sentiment.label, 'neutral');
    assert.deepEqual(
      calls.sentiment,
      [['I love my new Vaccines appointment', 'vaccines everywhere, so bad', 'a quiet afternoon']],
      'one call per batch, blank posts skipped',
    );
    assert.equal(calls.zeroShot[0].labels.length, 14, 'candidate labels come from the taxonomy');
    assert.equal(classifier.info.encoder, 'none');
    assert.match(classifier.info.topicModel, /^zero-shot:14-topics@fake-nli/);
    await classifier.close();
  });

  it('uses the config label map before the name rules, and names an unmappable label', async () => {
    const { backends } = fakeBackends({ pos: 'good', neg: 'bad', neu: 'meh' });
    const mapped = await loadClassifier({ tasks: pipelineTasks({ good: 'positive', bad: 'negative', meh: 'neutral' }), backends });
    assert.equal((await mapped.classify(['love it']))[0].sentiment.label, 'positive');
    const unmapped = await loadClassifier({ tasks: pipelineTasks(), backends });
    await assert.rejects(unmapped.classify(['love it']), /label "good".*"labels": \{"good"/);
  });

  it('a head file with a pipeline sentiment task is a config error', async () => {
    const { backends } = fakeBackends({ pos: 'positive', neg: 'negative', neu: 'neutral' });
    await assert.rejects(
      loadClassifier({ tasks: pipelineTasks(), backends, headPath: 'x.json' }),
      /only applies to the local "head" method/,
    );
  });
});

describe('postBatch', () => {
  it('embeds once per encoder however many tasks ask', async () => {
    let forwards = 0;
    const encoder: Encoder = {
      name: 'e',
      dim: 2,
      embed: async (texts) => {
        forwards++;
        return texts.map(() => new Float32Array(2));
      },
      close: async () => undefined,
    };
    const batch = postBatch(['a', 'b']);
    const [x, y] = await Promise.all([batch.embeddings(encoder), batch.embeddings(encoder)]);
    assert.equal(forwards, 1);
    assert.equal(x, y);
  });
});
