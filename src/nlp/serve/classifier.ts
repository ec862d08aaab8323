import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { defaultPaths } from '../common/paths.ts';
import type { Sentiment } from '../common/sentiment.ts';
import { defaultTaskBackends } from './backends/factory.ts';
import type { Encoder } from './encoder.ts';
import { catalogTasks, loadCatalog } from './model-catalog.ts';
import type { TasksConfig } from './model-config.ts';
import { postBatch } from './post-batch.ts';
import { encoderPool } from './tasks/encoders.ts';
import { loadSentimentTask, type SentimentTask, type TaskBackends } from './tasks/sentiment-task.ts';
import { loadTopicTask, OTHER_TOPIC, type TopicScores, type TopicTask, type ZeroShotBackends } from './tasks/topic-task.ts';
import { loadTaxonomy } from './taxonomy.ts';
import type { TopicScore } from './topic-scorer.ts';
import { topK } from './topic-scorer.ts';

export { OTHER_TOPIC } from './tasks/topic-task.ts';
export type { TopicScore } from './topic-scorer.ts';

export interface Prediction {
  /** scores: the probability of each class (eval's forced positive-vs-negative choice reads them). */
  sentiment: { label: Sentiment; score: number; scores?: Record<Sentiment, number> };
  /** top: the k best topics, best first. label: the best topic id, or `other` when its score is below the config's otherBelow. */
  topic: { label: string; score: number; top: TopicScore[] };
}

export interface ModelInfo {
  encoder: string;
  encoderVersion: string;
  sentimentModel: string;
  topicModel: string;
}

export interface TextClassifier {
  readonly info: ModelInfo;
  /** Both tasks for a batch; tasks on the same encoder share one batched forward pass. */
  classify(texts: readonly string[]): Promise<Prediction[]>;
  /**
   * Tokens each text costs the model (the local encoder's tokenizer), so callers can batch posts
   * of similar length; absent when no task runs a local encoder (remote backends).
   */
  tokenCounts?(texts: readonly string[]): number[];
  /** classify() calls worth having in flight at once: the local encoder's worker threads (1 in process). */
  readonly parallelism?: number;
  close(): Promise<void>;
}

export interface ClassifierOptions {
  modelsDir?: string;
  /** The model config file (default: config/models.json); its `tasks` section picks backends. */
  catalogPath?: string;
  /** Replaces the file's tasks section (already resolved). */
  tasks?: TasksConfig;
  /** Overrides the encoder of every task that embeds locally. */
  encoder?: string;
  taxonomyPath?: string;
  headPath?: string;
  topK?: number;
  /** Overrides the topic task's otherBelow threshold. */
  otherBelow?: number;
  /** Overrides how the prototypes topic task decides `other` (floor, background, none). */
  topicFallback?: 'floor' | 'background' | 'none';
  /** onnxruntime intra-op threads per session (default: every core in process, 1 per encoder worker). */
  threads?: number;
  /** Worker threads for the local encoder's forward passes, one session each (default 0: in process). */
  encoderWorkers?: number;
  backends?: TaskBackends & ZeroShotBackends;
}

export async function loadClassifier(options: ClassifierOptions = {}): Promise<TextClassifier> {
  const catalogPath = options.catalogPath ?? defaultPaths.catalog;
  const catalog = await loadCatalog(catalogPath);
  const tasks = applyOverrides(options.tasks ?? catalogTasks(catalog, catalogPath), options);
  const taxonomy = await loadTaxonomy(tasks.topic.taxonomy ?? defaultPaths.taxonomy); // validate before the slow model load
  const encoders = encoderPool(catalog, {
    modelsDir: options.modelsDir ?? defaultPaths.modelsDir,
    threads: options.threads,
    workers: options.encoderWorkers,
  });
  const backends = options.backends ?? defaultTaskBackends({ threads: options.threads });
  const opened: Array<SentimentTask | TopicTask> = [];
  try {
    const sentiment = await loadSentimentTask(tasks.sentiment, encoders, backends);
    opened.push(sentiment);
    const topic = await loadTopicTask(tasks.topic, taxonomy, encoders, backends);
    opened.push(topic);
    const encoderName = sentiment.encoder ?? topic.encoder;
    const info: ModelInfo = {
      encoder: encoderName ?? 'none',
      encoderVersion: encoderName
        ? (catalog.encoders[encoderName]?.version ?? catalog.encoders[encoderName]?.maven.split(':')[2] ?? 'unknown')
        : 'n/a',
      sentimentModel: sentiment.model,
      topicModel: topic.model,
    };
    const close = async () => {
      await Promise.all(opened.map((t) => t.close()));
      await encoders.close();
    };
    const counter = encoderName ? await encoders.get(encoderName) : undefined;
    return createClassifier(info, sentiment, topic, { k: tasks.topic.topK, otherBelow: tasks.topic.otherBelow }, close, counter);
  } catch (error) {
    await Promise.allSettled(opened.map((t) => t.close()));
    await encoders.close();
    throw error;
  }
}

/** Command-line flags win over the file: --encoder, --head, --taxonomy, --top-k, --fallback. */
function applyOverrides(tasks: TasksConfig, o: ClassifierOptions): TasksConfig {
  const { sentiment, topic } = tasks;
  if (o.headPath && sentiment.method !== 'head')
    throw new AppError(
      ErrorCode.CONFIG,
      'A sentiment head file only applies to the local "head" method; the model config runs sentiment with a text-classification model.',
    );
  return {
    sentiment:
      sentiment.method === 'head'
        ? { ...sentiment, encoder: o.encoder ?? sentiment.encoder, head: o.headPath ?? sentiment.head }
        : sentiment,
    topic: {
      ...(topic.method === 'prototypes'
        ? { ...topic, encoder: o.encoder ?? topic.encoder, fallback: o.topicFallback ?? topic.fallback }
        : topic),
      taxonomy: o.taxonomyPath ?? topic.taxonomy,
      topK: o.topK ?? topic.topK,
      otherBelow: o.otherBelow ?? topic.otherBelow,
    },
  };
}

interface TopicPolicy {
  k: number;
  otherBelow: number;
}

function createClassifier(
  info: ModelInfo,
  sentiment: SentimentTask,
  topic: TopicTask,
  policy: TopicPolicy,
  close: () => Promise<void>,
  counter?: Encoder,
): TextClassifier {
  const uniform = topic.ids.map((id) => ({ topic: id, score: 1 / topic.ids.length }));
  const countTokens = counter?.countTokens?.bind(counter);
  return {
    info,
    parallelism: counter?.parallelism ?? 1,
    ...(countTokens && { tokenCounts: (texts: readonly string[]) => countTokens(texts.map((t) => t.trim())) }),
    async classify(texts) {
      const present = texts.map((t, i) => ({ t: t.trim(), i })).filter((x) => x.t.length > 0);
      const out: Prediction[] = texts.map(() => ({
        sentiment: { label: 'neutral', score: 1, scores: { negative: 0, neutral: 1, positive: 0 } },
        topic: topicOf({ scores: uniform, offTopic: false }, policy),
      }));
      if (present.length === 0) return out; // blank posts carry no signal: neutral, uniform topics
      const batch = postBatch(present.map((x) => x.t));
      const [sentiments, topics] = await Promise.all([sentiment.predict(batch), topic.score(batch)]);
      present.forEach((x, j) => {
        out[x.i] = { sentiment: sentiments[j], topic: topicOf(topics[j], policy) };
      });
      return out;
    },
    close,
  };
}

/** The best topic, or `other` when the task finds the post off-topic or the best score is below otherBelow. */
function topicOf({ scores, offTopic }: TopicScores, policy: TopicPolicy): Prediction['topic'] {
  const top = topK(scores, policy.k);
  const best = top[0];
  return { label: offTopic || best.score < policy.otherBelow ? OTHER_TOPIC : best.topic, score: best.score, top };
}
