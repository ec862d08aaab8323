import { loadEncoder } from './encoder.ts';
import type { Encoder } from './encoder.ts';
import { loadCatalog, pickEncoder } from './model-catalog.ts';
import { defaultHeadPath, defaultPaths } from './paths.ts';
import type { Sentiment } from './sentiment.ts';
import { loadSentimentHead } from './sentiment-head.ts';
import type { SentimentHead } from './sentiment-head.ts';
import { loadTaxonomy } from './taxonomy.ts';
import { buildTopicScorer, topK } from './topic-scorer.ts';
import type { TopicScore, TopicScorer } from './topic-scorer.ts';

export type { TopicScore } from './topic-scorer.ts';

export interface Prediction {
  /** scores: the probability of each class (eval's forced positive-vs-negative choice reads them). */
  sentiment: { label: Sentiment; score: number; scores?: Record<Sentiment, number> };
  topic: { label: string; score: number; top: TopicScore[] }; // top-k, label = topic id
}

export interface ModelInfo { encoder: string; encoderVersion: string; sentimentModel: string; topicModel: string }

export interface TextClassifier {
  readonly info: ModelInfo;
  /** One batched encoder forward per call, shared by both tasks. */
  classify(texts: readonly string[]): Promise<Prediction[]>;
  close(): Promise<void>;
}

export interface ClassifierOptions {
  modelsDir?: string;
  encoder?: string;
  taxonomyPath?: string;
  headPath?: string;
  topK?: number;
  catalogPath?: string;
  threads?: number;
}

export async function loadClassifier(options: ClassifierOptions = {}): Promise<TextClassifier> {
  const spec = pickEncoder(await loadCatalog(options.catalogPath ?? defaultPaths.catalog), options.encoder);
  const taxonomyPath = options.taxonomyPath ?? defaultPaths.taxonomy;
  const taxonomy = await loadTaxonomy(taxonomyPath); // validate before the slow model load
  const encoder = await loadEncoder(spec, { modelsDir: options.modelsDir ?? defaultPaths.modelsDir, threads: options.threads });
  try {
    const head = await loadSentimentHead(options.headPath ?? defaultHeadPath(spec.name), encoder);
    const topics = await buildTopicScorer(taxonomy, encoder);
    const info: ModelInfo = {
      encoder: spec.name,
      encoderVersion: spec.maven.split(':')[2],
      sentimentModel: head.name,
      topicModel: `prototypes:${taxonomy.topics.length}-topics@${spec.name}`,
    };
    return createClassifier(info, encoder, head, topics, options.topK ?? 3);
  } catch (error) {
    await encoder.close();
    throw error;
  }
}

function createClassifier(info: ModelInfo, encoder: Encoder, head: SentimentHead, topics: TopicScorer, k: number): TextClassifier {
  return {
    info,
    async classify(texts) {
      const present = texts.map((t, i) => ({ t: t.trim(), i })).filter((x) => x.t.length > 0);
      const embeddings = await encoder.embed(present.map((x) => x.t));
      const out: Prediction[] = texts.map(() => emptyPrediction(topics, k));
      present.forEach((x, j) => (out[x.i] = predict(embeddings[j], head, topics, k)));
      return out;
    },
    close: () => encoder.close(),
  };
}

function predict(embedding: Float32Array, head: SentimentHead, topics: TopicScorer, k: number): Prediction {
  const top = topK(topics.score(embedding), k);
  return { sentiment: head.predict(embedding), topic: { label: top[0].topic, score: top[0].score, top } };
}

/** Blank posts carry no signal: neutral, and a uniform (lowest-confidence) topic distribution. */
function emptyPrediction(topics: TopicScorer, k: number): Prediction {
  const top = topK(topics.uniform(), k);
  return { sentiment: { label: 'neutral', score: 1, scores: { negative: 0, neutral: 1, positive: 0 } }, topic: { label: top[0].topic, score: top[0].score, top } };
}
