import { AppError, ErrorCode } from '../../../errors/app-error.ts';
import type { ZeroShotBackend } from '../backends/types.ts';
import type { TopicTaskConfig } from '../model-config.ts';
import type { PostBatch } from '../post-batch.ts';
import type { Taxonomy } from '../taxonomy.ts';
import { buildTopicScorer, type TopicScore, type TopicScorer } from '../topic-scorer.ts';
import type { EncoderPool } from './encoders.ts';

/** Every taxonomy topic's score for a post (not yet ranked or cut to top-k); offTopic: about none of them. */
export interface TopicScores {
  scores: TopicScore[];
  offTopic: boolean;
}

export interface TopicTask {
  readonly model: string;
  readonly encoder?: string;
  readonly ids: readonly string[];
  score(batch: PostBatch): Promise<TopicScores[]>;
  close(): Promise<void>;
}

export interface ZeroShotBackends {
  zeroShot(config: Extract<TopicTaskConfig, { method: 'zero-shot' }>): Promise<ZeroShotBackend>;
}

export async function loadTopicTask(
  config: TopicTaskConfig,
  taxonomy: Taxonomy,
  encoders: EncoderPool,
  backends: ZeroShotBackends,
): Promise<TopicTask> {
  const ids = taxonomy.topics.map((t) => t.id);
  if (config.method === 'prototypes') {
    const encoder = await encoders.get(config.encoder);
    const scorer = await buildTopicScorer(taxonomy, encoder, config.temperature);
    const offTopic = offTopicRule(config, scorer);
    return {
      model: `prototypes:${ids.length}-topics@${encoder.name}`,
      encoder: encoder.name,
      ids,
      score: async (batch) => (await batch.embeddings(encoder)).map((e) => ({ scores: scorer.score(e), offTopic: offTopic(e) })),
      close: async () => undefined,
    };
  }
  // Zero-shot: the NLI model reads each topic's label as the hypothesis; answers map back to ids.
  const backend = await backends.zeroShot(config);
  const labels = taxonomy.topics.map((t) => t.label);
  const idOf = new Map(taxonomy.topics.map((t) => [t.label, t.id]));
  return {
    model: `zero-shot:${ids.length}-topics@${backend.name}`,
    ids,
    async score(batch) {
      const answers = await backend.classify(batch.texts, labels, { multiLabel: false, hypothesisTemplate: config.hypothesisTemplate });
      return answers.map((answer) => ({
        offTopic: false, // the classifier's otherBelow threshold on the best score decides
        scores: answer.map(({ label, score }) => {
          const topic = idOf.get(label);
          if (!topic)
            throw new AppError(ErrorCode.MODEL, `${backend.name} answered label "${label}", which is not a candidate topic label`, {
              context: { model: backend.name, label },
            });
          return { topic, score };
        }),
      }));
    },
    close: () => backend.close(),
  };
}

export const OTHER_TOPIC = 'other';

type PrototypesConfig = Extract<TopicTaskConfig, { method: 'prototypes' }>;

function offTopicRule(config: PrototypesConfig, scorer: TopicScorer): (embedding: Float32Array) => boolean {
  switch (config.fallback) {
    case 'floor':
      return (e) => scorer.nearest(e) < config.minSimilarity;
    case 'background':
      return (e) => !scorer.standsOut(e, config.backgroundZ);
    case 'none':
      return () => false;
  }
}
