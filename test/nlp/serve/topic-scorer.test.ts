import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { l2Normalize } from '../../../src/nlp/common/vectors.ts';
import type { Encoder } from '../../../src/nlp/serve/encoder.ts';
import { BACKGROUND_POSTS } from '../../../src/nlp/serve/topic-background.ts';
import { backgroundLevels, buildTopicScorer, nearestExemplar, packExemplars, topK } from '../../../src/nlp/serve/topic-scorer.ts';

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
  it('per topic the background mean at its nearest exemplar, one spread for the taxonomy, with a floor on it', () => {
    const exemplars = packExemplars([[v(1, 0)], [v(0, 1), v(1, 1)]]);
    const { means, sd } = backgroundLevels(exemplars, [v(1, 1), v(1, 1), v(1, 0)]);
    // topic 0: similarities 0.707, 0.707, 1; topic 1 (nearest of its two exemplars): 1, 1, 0.707
    assert.ok(Math.abs(means[0]! - (2 * Math.SQRT1_2 + 1) / 3) < 1e-6);
    assert.ok(Math.abs(means[1]! - (2 + Math.SQRT1_2) / 3) < 1e-6);
    const spread = Math.sqrt(2 / 9) * (1 - Math.SQRT1_2); // the same for both topics here
    assert.ok(Math.abs(sd - spread) < 1e-6, `pooled spread ${sd}`);
    assert.equal(backgroundLevels(packExemplars([[v(1, 0)]]), [v(1, 0), v(1, 0)]).sd, 0.01);
  });

  it("nearestExemplar: the best similarity among a topic's rows, and stops at the first that reaches the bar", () => {
    const exemplars = packExemplars([[v(1, 0), v(0, 1), v(1, 1)], [v(-1, 0)]]);
    assert.ok(Math.abs(nearestExemplar(exemplars, 0, v(0, 1)) - 1) < 1e-6);
    assert.ok(Math.abs(nearestExemplar(exemplars, 1, v(0, 1))) < 1e-6);
    // with a bar of 0.5 the first row (0.707 for this post) is enough: the rows after it are not read
    assert.ok(Math.abs(nearestExemplar(exemplars, 0, v(1, 1), 0.5) - Math.SQRT1_2) < 1e-6);
  });

  it('an on-topic post stands out from the background and small talk does not, on any similarity scale', async () => {
    // scale shifts every cosine (like a taxonomy of descriptions only vs one with examples); the standout is relative.
    for (const scale of [0, 1.5]) {
      const scorer = await buildTopicScorer(taxonomy, fakeEncoder(scale));
      const [goal, chat] = await fakeEncoder(scale).embed(['goal!', 'nice weather lol']);
      assert.equal(topK(scorer.score(goal), 1)[0]!.topic, 'sports');
      assert.ok(topK(scorer.score(goal), 1)[0]!.score > 0.5);
      assert.ok(scorer.standout(goal) > 3, `scale ${scale}: goal stands out by ${scorer.standout(goal)}`);
      assert.ok(scorer.standout(chat) < 1.5, `scale ${scale}: small talk stands out by ${scorer.standout(chat)}`);
    }
  });

  it("a short post near one of a topic's exemplars stands out though it is far from their mean", async () => {
    // Two examples pointing different ways: their mean is 45 degrees from a post on either one.
    const split = {
      topics: [
        { id: 'sports', label: 'Sports', description: 'matches', examples: ['Sports A', 'Sports B'] },
        { id: 'politics', label: 'Politics', description: 'votes', examples: [] },
      ],
    };
    const encoder: Encoder = {
      name: 'fake',
      dim: 5,
      async embed(texts) {
        return texts.map((t, i) => {
          if (background.has(t)) return v(0.1, 0.1, 0.1 + 0.05 * (i % 3), 1, 0.05 * (i % 2));
          if (t === 'Sports A' || t === 'post about A') return v(1, 0, 0, 0, 0);
          if (t === 'Sports B') return v(0, 1, 0, 0, 0);
          if (t.startsWith('Sports')) return v(0.5, 0.5, 0, 0, 0);
          return v(0, 0, 1, 0, 0);
        });
      },
      close: async () => undefined,
    };
    const scorer = await buildTopicScorer(split, encoder);
    const [onA, onMean] = await encoder.embed(['post about A', 'Sports, in general']);
    assert.equal(topK(scorer.score(onA), 1)[0]!.topic, 'sports');
    // Against the prototype alone the post on A (cosine 0.71) would stand out far less than one on the
    // prototype (1.0); against the exemplars both sit at 1.0 of one of them.
    assert.ok(Math.abs(scorer.standout(onA) / scorer.standout(onMean) - 1) < 1e-4, `${scorer.standout(onA)} vs ${scorer.standout(onMean)}`);
    assert.ok(scorer.standout(onA) > 3);
  });

  it('standsOut(e, z) decides as standout(e) >= z does, on random posts and bars', async () => {
    const scorer = await buildTopicScorer(taxonomy, fakeEncoder(0.5));
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31 - 0.5;
    };
    let standing = 0;
    for (let k = 0; k < 400; k++) {
      const post = v(random(), random(), random(), random());
      const z = 8 * random();
      const exact = scorer.standout(post) >= z;
      assert.equal(scorer.standsOut(post, z), exact, `post ${k} at z ${z}`);
      if (exact) standing++;
    }
    assert.ok(standing > 40 && standing < 360, `both answers are exercised (${standing} of 400 stand out)`);
  });

  it('chooses by prototype and nearest exemplar together: a post on one example of a broad topic goes to it', async () => {
    // "travel" is broad (its examples point different ways, its prototype sits between them); the post
    // is on one of its examples, yet a little nearer the narrow topic's prototype than travel's.
    const tax = {
      topics: [
        { id: 'travel', label: 'Travel', description: 'trips', examples: ['Travel A', 'Travel B'] },
        { id: 'cars', label: 'Cars', description: 'engines', examples: [] },
      ],
    };
    const encoder: Encoder = {
      name: 'fake',
      dim: 5,
      async embed(texts) {
        return texts.map((t, i) => {
          if (background.has(t)) return v(0.05 * (i % 3), 0.05 * (i % 2), 0.05, 1, 0);
          if (t === 'Travel A') return v(1, 0, 0, 0, 0);
          if (t === 'Travel B') return v(0, 1, 0, 0, 0);
          if (t.startsWith('Travel')) return v(0.5, 0.5, 0, 0, 0);
          if (t.startsWith('Cars')) return v(0.75, 0, 0.66, 0, 0);
          return v(1, 0, 0.08, 0, 0); // the post: on "Travel A", near the cars prototype too
        });
      },
      close: async () => undefined,
    };
    const scorer = await buildTopicScorer(tax, encoder);
    const [post] = await encoder.embed(['road trip to the coast']);
    // cosine to the prototypes: cars 0.80, travel 0.70; to travel's nearest exemplar 1.0: (0.70 + 1.0) / 2 > 0.80
    assert.equal(topK(scorer.score(post), 1)[0]!.topic, 'travel', JSON.stringify(scorer.score(post)));
  });
});
