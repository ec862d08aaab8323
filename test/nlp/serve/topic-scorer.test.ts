import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l2Normalize } from '../../../src/nlp/common/vectors.ts';
import type { Encoder } from '../../../src/nlp/serve/encoder.ts';
import { BACKGROUND_POSTS } from '../../../src/nlp/serve/topic-background.ts';
import { backgroundLevels, buildTopicScorer } from '../../../src/nlp/serve/topic-scorer.ts';

// Unit vectors: topics on their own axes, background posts spread around a small-talk axis (3) with a
// little of each topic, so each prototype has a background mean and spread to measure against.
const v = (...x: number[]) => l2Normalize(Float32Array.from(x));
const background = new Set(BACKGROUND_POSTS);
function fakeEncoder(scale: number): Encoder {
  return {
    name: 'fake',
    dim: 4,
    async embed(texts) {
      return texts.map((t, i) => {
        if (background.has(t)) return v(0.1 + 0.05 * (i % 3), 0.1 + 0.05 * (i % 2), 0, 1);
        if (t.startsWith('Sports')) return v(1, 0, scale, 0);
        if (t.startsWith('Politics')) return v(0, 1, scale, 0);
        if (t === 'goal!') return v(0.9, 0, 0, 0.4);
        return v(0.12, 0.12, 0, 1); // small talk
      });
    },
    close: async () => undefined,
  };
}
const taxonomy = {
  topics: [
    { id: 'sports', label: 'Sports', description: 'matches', examples: [] },
    { id: 'politics', label: 'Politics', description: 'votes', examples: [] },
  ],
};

describe('topic scorer background levels', () => {
  it('mean and spread of the background similarity per prototype, with a floor on the spread', () => {
    const [a, b] = backgroundLevels([v(1, 0), v(0, 1)], [v(1, 1), v(1, 1), v(1, 0)]);
    assert.ok(Math.abs(a.mean - (2 * Math.SQRT1_2 + 1) / 3) < 1e-6);
    assert.ok(a.sd > 0.1);
    assert.ok(Math.abs(b.sd - Math.sqrt(2 / 9) * Math.SQRT1_2) < 1e-6);
    const [flat] = backgroundLevels([v(1, 0)], [v(1, 0), v(1, 0)]);
    assert.equal(flat.sd, 0.01);
  });

  it('an on-topic post stands out from the background and small talk does not, on any similarity scale', async () => {
    // scale shifts every cosine (like a taxonomy of descriptions only vs one with examples); the standout is relative.
    for (const scale of [0, 1.5]) {
      const scorer = await buildTopicScorer(taxonomy, fakeEncoder(scale));
      const [goal, chat] = await fakeEncoder(scale).embed(['goal!', 'nice weather lol']);
      assert.equal(scorer.score(goal)[0].topic, 'sports');
      assert.ok(scorer.score(goal)[0].score > 0.5);
      assert.ok(scorer.standout(goal) > 3, `scale ${scale}: goal stands out by ${scorer.standout(goal)}`);
      assert.ok(scorer.standout(chat) < 1.5, `scale ${scale}: small talk stands out by ${scorer.standout(chat)}`);
    }
  });
});
