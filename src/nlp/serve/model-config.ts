import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { SENTIMENT_LABELS, type Sentiment } from '../common/sentiment.ts';
import { hfBackendOptionsShape } from './backends/hf-options.ts';
import { localPipelineOptionsShape } from './backends/local-pipeline-options.ts';
import { decisionRuleSchema } from './decision-rule.ts';

/**
 * The `tasks` section of config/models.json: per task, which backend runs it, with which model,
 * labels and thresholds. Parsed once here; everything downstream gets typed, resolved values.
 *
 *   local + head / prototypes   in-process ONNX encoder (from `encoders`), one forward per batch
 *                               shared by both tasks when they name the same encoder; the head is
 *                               the graph's own sentiment logits or a head file over the embedding
 *   local + text-classification / zero-shot   a standard transformers.js pipeline, from a local
 *                               directory or (allowRemote) a Hugging Face hub id
 *   hf + text-classification / zero-shot      @huggingface/inference: the hosted API or endpointUrl
 */
const sentimentLabel = z.enum(SENTIMENT_LABELS as [Sentiment, ...Sentiment[]]);
/** A model's own label names -> ours, e.g. {"LABEL_0":"negative"}; unmapped labels are matched by name. */
const labelMap = z.record(z.string(), sentimentLabel);

/** The pipeline's own options, except threads, which come from the command line. */
const localPipeline = { backend: z.literal('local'), ...z.object(localPipelineOptionsShape).omit({ threads: true }).shape };

const hfRemote = { backend: z.literal('hf'), ...hfBackendOptionsShape };

const sentimentTask = z.discriminatedUnion('method', [
  z.strictObject({
    backend: z.literal('local'),
    method: z.literal('head'),
    /** Encoder name from `encoders` (default: the catalog default). */
    encoder: z.string().min(1).optional(),
    /**
     * Head file over the embeddings (default: src/nlp/heads/sentiment-<encoder>.json). Without one, an
     * encoder whose graph returns sentiment logits (outputs "pooled-logits") answers with those.
     */
    head: z.string().min(1).optional(),
    /** Overrides the encoder's decision rule for its logits (src/nlp/serve/decision-rule.ts). */
    decision: decisionRuleSchema.optional(),
  }),
  z.discriminatedUnion('backend', [
    z.strictObject({ method: z.literal('text-classification'), ...localPipeline, labels: labelMap.default({}) }),
    z.strictObject({ method: z.literal('text-classification'), ...hfRemote, labels: labelMap.default({}) }),
  ]),
]);

const topicCommon = {
  /** Taxonomy file (default: config/taxonomy.json); --taxonomy overrides it. */
  taxonomy: z.string().min(1).optional(),
  /** Topic scores kept per post. */
  topK: z.number().int().min(1).max(50).default(3),
  /** Multi-label: a top-k topic joins the post's topic set at this score (the best one always does). */
  threshold: z.number().min(0).max(1).default(0.25),
  /** When even the best topic scores below this, the post's topic is `other` (0 = never). */
  otherBelow: z.number().min(0).max(1).default(0),
};

const topicTask = z.discriminatedUnion('method', [
  z.strictObject({
    backend: z.literal('local'),
    method: z.literal('prototypes'),
    encoder: z.string().min(1).optional(),
    /** Softmax temperature over cosine similarities to the topic prototypes. */
    temperature: z.number().positive().max(10).default(0.05),
    /**
     * How a post about none of the topics is told apart (its topic becomes `other`):
     *   floor       its cosine similarity to every prototype is below minSimilarity (an absolute figure
     *               that suits one taxonomy's similarity scale and not another's)
     *   background  it stands out from the background by less than backgroundZ: the best, over topics, of
     *               (similarity to the topic's nearest exemplar - everyday posts' mean of the same) / their
     *               spread, measured when the taxonomy is loaded, so it holds for a taxonomy of
     *               descriptions only too (topic-scorer.ts)
     *   none        never
     */
    fallback: z.enum(['floor', 'background', 'none']).default('floor'),
    /** fallback floor: the cosine similarity floor (0 = never). */
    minSimilarity: z.number().min(-1).max(1).default(0),
    /** fallback background: background spreads above the background level (config/models.json: 1.7). */
    backgroundZ: z.number().min(0).max(20).default(1.5),
    ...topicCommon,
  }),
  z.discriminatedUnion('backend', [
    z.strictObject({
      method: z.literal('zero-shot'),
      ...localPipeline,
      hypothesisTemplate: z.string().includes('{}').default('This example is about {}.'),
      ...topicCommon,
    }),
    z.strictObject({
      method: z.literal('zero-shot'),
      ...hfRemote,
      hypothesisTemplate: z.string().includes('{}').default('This example is about {}.'),
      ...topicCommon,
    }),
  ]),
]);

export const tasksSchema = z.strictObject({ sentiment: sentimentTask, topic: topicTask });
export type SentimentTaskConfig = z.infer<typeof sentimentTask>;
export type TopicTaskConfig = z.infer<typeof topicTask>;
export type TasksConfig = z.infer<typeof tasksSchema>;

/** What a catalog without a `tasks` section means: head + prototypes on the default encoder. */
export function defaultTasks(): TasksConfig {
  return tasksSchema.parse({ sentiment: { backend: 'local', method: 'head' }, topic: { backend: 'local', method: 'prototypes' } });
}

/** File paths in the config are relative to the config file; a local model stays a hub id unless it looks like a path. */
export function resolveTaskPaths(tasks: TasksConfig, configPath: string): TasksConfig {
  const base = dirname(configPath);
  const file = (p: string | undefined) => (p === undefined || isAbsolute(p) ? p : resolve(base, p));
  const model = (m: string) => (m.startsWith('.') ? resolve(base, m) : m);
  const sentiment =
    tasks.sentiment.method === 'head'
      ? { ...tasks.sentiment, head: file(tasks.sentiment.head) }
      : tasks.sentiment.backend === 'local'
        ? { ...tasks.sentiment, model: model(tasks.sentiment.model) }
        : tasks.sentiment;
  const topicBase = { ...tasks.topic, taxonomy: file(tasks.topic.taxonomy) } as TopicTaskConfig;
  const topic =
    topicBase.method === 'zero-shot' && topicBase.backend === 'local' ? { ...topicBase, model: model(topicBase.model) } : topicBase;
  return { sentiment, topic };
}
