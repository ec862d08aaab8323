import { normalizedMean, softmax } from '../common/vectors.ts';
import { type Encoder, embedInBatches } from './encoder.ts';
import type { Taxonomy } from './taxonomy.ts';
import { descriptionPhrases, prototypeTexts } from './taxonomy.ts';
import { BACKGROUND_POSTS } from './topic-background.ts';

export interface TopicScore {
  topic: string;
  score: number;
}

/**
 * Zero-shot topics: cosine similarity of a post to each topic prototype (the normalised mean of
 * its label+description and example embeddings), for the topics nearest by it averaged with the
 * similarity to the topic's nearest exemplar, turned into a distribution by a tempered softmax.
 */
export interface TopicScorer {
  readonly ids: readonly string[];
  score(embedding: Float32Array): TopicScore[];
  /** The cosine similarity to the nearest prototype: low for a post about none of the topics. */
  nearest(embedding: Float32Array): number;
  /**
   * How far the post stands out from the background, in the taxonomy's own units: the largest, over
   * topics, of (its similarity to the topic's nearest exemplar - the background posts' mean of the
   * same) / the background's spread. Low for a post about none of the topics, whatever the
   * taxonomy's similarity scale.
   */
  standout(embedding: Float32Array): number;
  /** standout(embedding) >= z, stopping at the first topic that shows it (most posts: the first). */
  standsOut(embedding: Float32Array, z: number): boolean;
  uniform(): TopicScore[];
}

/** Cosine similarities of MiniLM-family encoders span ~0.1..0.7; 0.05 keeps the softmax decisive. */
export const DEFAULT_TOPIC_TEMPERATURE = 0.05;

/** Keeps a near-constant background similarity from dividing by ~0. */
const MIN_BACKGROUND_SD = 0.01;

/**
 * A topic's exemplars, the points a post may stand out near: its prototype, each text averaged
 * into it (label and description, examples) and each item of its description's list
 * (taxonomy.ts descriptionPhrases). A short post is often near one of them and far from their mean.
 */
export interface Exemplars {
  /** Rows of `dim` floats, topic after topic. */
  readonly rows: Float32Array;
  readonly dim: number;
  /** Topic t owns rows [starts[t], starts[t + 1]). */
  readonly starts: readonly number[];
}

/** What the scorer reads of one embedding (per topic, in taxonomy order). */
interface Reading {
  readonly embedding: Float32Array;
  /** Cosine similarity to the prototype. */
  readonly proto: readonly number[];
  /** Topics by prototype similarity, best first. */
  readonly order: readonly number[];
  /** Similarity to the nearest exemplar, for the `reranked` first in `order`; NaN for the rest. */
  readonly near: readonly number[];
  /** What the softmax reads: (proto + near) / 2 where near is known, else proto. */
  readonly similarity: readonly number[];
}

/**
 * Topics whose score also reads the nearest exemplar. Choosing by the mean of the prototype's and
 * the nearest exemplar's similarity raised the labeled sample's top-1 from 0.614 to 0.649 with the
 * description-only taxonomy and from 0.714 to 0.725 with the default one (fallback-grid.ts, "top-1
 * without"; docs/models.md); over the 5 topics nearest by prototype it chose within 0.4 points of
 * all 14 on the tuning sets, at a third of the cost.
 */
export const RERANKED_TOPICS = 5;

export async function buildTopicScorer(
  taxonomy: Taxonomy,
  encoder: Encoder,
  temperature = DEFAULT_TOPIC_TEMPERATURE,
  /** Topics whose score reads the nearest exemplar too (0: the prototype alone; bench/topic-scoring.ts compares). */
  reranked = RERANKED_TOPICS,
): Promise<TopicScorer> {
  const texts = taxonomy.topics.map(prototypeTexts);
  const phrases = taxonomy.topics.map(descriptionPhrases);
  const embeddings = await embedInBatches(encoder, [...texts.flat(), ...phrases.flat(), ...BACKGROUND_POSTS], LOAD_BATCH);
  let at = 0;
  const take = (n: number) => {
    at += n;
    return embeddings.slice(at - n, at);
  };
  const own = texts.map((group) => take(group.length));
  const prototypes = own.map((rows) => normalizedMean(rows));
  const exemplars = packExemplars(prototypes.map((p, t) => [p, ...own[t]!, ...take(phrases[t]!.length)]));
  const background = backgroundLevels(exemplars, take(BACKGROUND_POSTS.length));
  const ids = taxonomy.topics.map((t) => t.id);
  const zOf = (embedding: Float32Array, t: number) => (nearestExemplar(exemplars, t, embedding) - background.means[t]!) / background.sd;
  // The classifier asks score, then the fallback, of the same embedding: what both read is computed
  // once (the last embedding's reading is kept, by identity; embeddings are never mutated).
  let last: Reading | undefined;
  const read = (embedding: Float32Array): Reading => {
    if (last?.embedding === embedding) return last;
    const proto = ids.map((_, t) => rowDot(exemplars.rows, exemplars.starts[t]! * exemplars.dim, embedding, exemplars.dim)); // row 0: the prototype
    const order = ids.map((_, t) => t).sort((a, b) => proto[b]! - proto[a]!);
    const near = new Array<number>(ids.length).fill(Number.NaN);
    const similarity = [...proto];
    for (const t of order.slice(0, reranked)) {
      near[t] = nearestExemplar(exemplars, t, embedding);
      similarity[t] = (proto[t]! + near[t]!) / 2;
    }
    last = { embedding, proto, order, near, similarity };
    return last;
  };
  return {
    ids,
    score(embedding) {
      const probs = softmax(read(embedding).similarity.map((s) => s / temperature));
      return ids.map((topic, i) => ({ topic, score: probs[i] }));
    },
    nearest: (embedding) => Math.max(...read(embedding).proto),
    standout: (embedding) => Math.max(...ids.map((_, t) => zOf(embedding, t))),
    standsOut(embedding, z) {
      // Topics in the order of their prototype's similarity: an on-topic post shows it at the first.
      const { order, near } = read(embedding);
      return order.some((t) => {
        const bar = background.means[t]! + z * background.sd;
        return (Number.isNaN(near[t]) ? nearestExemplar(exemplars, t, embedding, bar) : near[t]!) >= bar;
      });
    },
    uniform: () => ids.map((topic) => ({ topic, score: 1 / ids.length })),
  };
}

/**
 * Taxonomy texts per embed() call: one call of all ~270 (default taxonomy) grew the onnxruntime
 * arena, and classify's peak RSS with it, by ~130 MiB for the process's lifetime.
 */
const LOAD_BATCH = 32;

export function packExemplars(byTopic: readonly (readonly Float32Array[])[]): Exemplars {
  const dim = byTopic[0]![0]!.length;
  const starts = [0];
  for (const rows of byTopic) starts.push(starts.at(-1)! + rows.length);
  const rows = new Float32Array(starts.at(-1)! * dim);
  for (const [i, row] of byTopic.flat().entries()) rows.set(row, i * dim);
  return { rows, dim, starts };
}

/** The largest cosine similarity of `embedding` to topic t's exemplars; stops early once one reaches `enough`. */
export function nearestExemplar(ex: Exemplars, t: number, embedding: Float32Array, enough = Number.POSITIVE_INFINITY): number {
  const { rows, dim } = ex;
  let best = Number.NEGATIVE_INFINITY;
  for (let r = ex.starts[t]!, end = ex.starts[t + 1]!; r < end; r++) {
    const sum = rowDot(rows, r * dim, embedding, dim);
    if (sum > best) best = sum;
    if (best >= enough) break;
  }
  return best;
}

/** rows[offset .. offset + dim) . v, four lanes at a time (the hot loop of topic scoring). */
function rowDot(rows: Float32Array, offset: number, v: Float32Array, dim: number): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  for (; i + 3 < dim; i += 4) {
    a += rows[offset + i]! * v[i]!;
    b += rows[offset + i + 1]! * v[i + 1]!;
    c += rows[offset + i + 2]! * v[i + 2]!;
    d += rows[offset + i + 3]! * v[i + 3]!;
  }
  for (; i < dim; i++) a += rows[offset + i]! * v[i]!;
  return a + b + c + d;
}

/**
 * Per topic: the background posts' mean similarity to its nearest exemplar; and one spread for the
 * taxonomy, the mean over topics of their standard deviations (one topic's 32 background
 * similarities give a noisy spread, and dividing by it made a few topics lose their short posts).
 */
export function backgroundLevels(exemplars: Exemplars, background: readonly Float32Array[]): { means: number[]; sd: number } {
  const topics = exemplars.starts.length - 1;
  const means: number[] = [];
  let spread = 0;
  for (let t = 0; t < topics; t++) {
    const sims = background.map((b) => nearestExemplar(exemplars, t, b));
    const mean = sims.reduce((s, x) => s + x, 0) / sims.length;
    means.push(mean);
    spread += Math.sqrt(sims.reduce((s, x) => s + (x - mean) ** 2, 0) / sims.length) / topics;
  }
  return { means, sd: Math.max(MIN_BACKGROUND_SD, spread) };
}

/** The k best topics, best first. */
export function topK(scores: readonly TopicScore[], k: number): TopicScore[] {
  return [...scores].sort((a, b) => b.score - a.score).slice(0, Math.max(1, k));
}
