import { dot, normalizedMean, softmax } from '../common/vectors.ts';
import type { Encoder } from './encoder.ts';
import type { Taxonomy } from './taxonomy.ts';
import { prototypeTexts } from './taxonomy.ts';
import { BACKGROUND_POSTS } from './topic-background.ts';

export interface TopicScore {
  topic: string;
  score: number;
}

/**
 * Zero-shot topics: cosine similarity of a post to each topic prototype (the normalised mean of
 * its label+description and example embeddings), turned into a distribution by a tempered softmax.
 */
export interface TopicScorer {
  readonly ids: readonly string[];
  score(embedding: Float32Array): TopicScore[];
  /** The cosine similarity to the nearest prototype: low for a post about none of the topics. */
  nearest(embedding: Float32Array): number;
  /**
   * How far the post stands out from the background, in the taxonomy's own units: the largest, over
   * topics, of (similarity - the background posts' mean similarity to that prototype) / their standard
   * deviation. Low for a post about none of the topics, whatever the taxonomy's similarity scale.
   */
  standout(embedding: Float32Array): number;
  uniform(): TopicScore[];
}

/** Cosine similarities of MiniLM-family encoders span ~0.1..0.7; 0.05 keeps the softmax decisive. */
export const DEFAULT_TOPIC_TEMPERATURE = 0.05;

/** Keeps a near-constant background similarity from dividing by ~0. */
const MIN_BACKGROUND_SD = 0.01;

export async function buildTopicScorer(
  taxonomy: Taxonomy,
  encoder: Encoder,
  temperature = DEFAULT_TOPIC_TEMPERATURE,
): Promise<TopicScorer> {
  const texts = taxonomy.topics.map(prototypeTexts);
  const embeddings = await encoder.embed([...texts.flat(), ...BACKGROUND_POSTS]);
  let at = 0;
  const prototypes = texts.map((group) => {
    const start = at;
    at += group.length;
    return normalizedMean(embeddings.slice(start, at));
  });
  const background = backgroundLevels(prototypes, embeddings.slice(at));
  const ids = taxonomy.topics.map((t) => t.id);
  return {
    ids,
    score(embedding) {
      const probs = softmax(prototypes.map((p) => dot(p, embedding) / temperature));
      return ids.map((topic, i) => ({ topic, score: probs[i] }));
    },
    nearest: (embedding) => Math.max(...prototypes.map((p) => dot(p, embedding))),
    standout: (embedding) => Math.max(...prototypes.map((p, i) => (dot(p, embedding) - background[i].mean) / background[i].sd)),
    uniform: () => ids.map((topic) => ({ topic, score: 1 / ids.length })),
  };
}

/** Per prototype: mean and standard deviation of the background posts' cosine similarity to it. */
export function backgroundLevels(
  prototypes: readonly Float32Array[],
  background: readonly Float32Array[],
): Array<{ mean: number; sd: number }> {
  return prototypes.map((p) => {
    const sims = background.map((b) => dot(p, b));
    const mean = sims.reduce((s, x) => s + x, 0) / sims.length;
    const variance = sims.reduce((s, x) => s + (x - mean) ** 2, 0) / sims.length;
    return { mean, sd: Math.max(MIN_BACKGROUND_SD, Math.sqrt(variance)) };
  });
}

/** The k best topics, best first. */
export function topK(scores: readonly TopicScore[], k: number): TopicScore[] {
  return [...scores].sort((a, b) => b.score - a.score).slice(0, Math.max(1, k));
}
