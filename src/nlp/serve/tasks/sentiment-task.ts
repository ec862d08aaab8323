import { AppError, ErrorCode } from '../../../errors/app-error.ts';
import { defaultHeadPath } from '../../common/paths.ts';
import type { TextClassificationBackend } from '../backends/types.ts';
import type { DecisionRule } from '../decision-rule.ts';
import { ARGMAX, decide, decisionBias, describeRule } from '../decision-rule.ts';
import type { Encoder } from '../encoder.ts';
import type { SentimentTaskConfig } from '../model-config.ts';
import type { PostBatch } from '../post-batch.ts';
import { loadSentimentHead, type SentimentScores } from '../sentiment-head.ts';
import type { EncoderPool } from './encoders.ts';
import { toSentimentScores } from './sentiment-labels.ts';

/** Sentiment for every post of a batch, in order. */
export interface SentimentTask {
  readonly model: string;
  /** The encoder this task embeds with, when it uses one. */
  readonly encoder?: string;
  predict(batch: PostBatch): Promise<SentimentScores[]>;
  close(): Promise<void>;
}

export interface TaskBackends {
  textClassification(config: Extract<SentimentTaskConfig, { method: 'text-classification' }>): Promise<TextClassificationBackend>;
}

export async function loadSentimentTask(
  config: SentimentTaskConfig,
  encoders: EncoderPool,
  backends: TaskBackends,
): Promise<SentimentTask> {
  if (config.method === 'head') {
    const encoder = await encoders.get(config.encoder);
    if (!config.head && encoder.logitLabels)
      return logitsTask(encoder, config.decision ?? encoders.spec(config.encoder).decision ?? ARGMAX);
    const head = await loadSentimentHead(config.head ?? defaultHeadPath(encoder.name), encoder);
    return {
      model: head.name,
      encoder: encoder.name,
      predict: async (batch) => (await batch.embeddings(encoder)).map((e) => head.predict(e)),
      close: async () => undefined,
    };
  }
  const backend = await backends.textClassification(config);
  return {
    model: backend.name,
    async predict(batch) {
      const answers = await backend.classify(batch.texts);
      if (answers.length !== batch.texts.length) {
        throw new AppError(ErrorCode.MODEL, `${backend.name} answered ${answers.length} results for ${batch.texts.length} posts`, {
          context: { model: backend.name },
        });
      }
      return answers.map((a) => toSentimentScores(a, config.labels, backend.name));
    },
    close: () => backend.close(),
  };
}

/** The graph's own sentiment logits, from the same forward pass as the embedding, through the decision rule. */
function logitsTask(encoder: Encoder, rule: DecisionRule): SentimentTask {
  const labels = encoder.logitLabels!;
  const bias = decisionBias(rule, labels);
  return {
    model: `${encoder.name}+${describeRule(rule)}`,
    encoder: encoder.name,
    async predict(batch) {
      const { logits } = await batch.encoded(encoder);
      if (!logits)
        throw new AppError(ErrorCode.MODEL, `Encoder ${encoder.name} returned no sentiment logits`, { context: { encoder: encoder.name } });
      return logits.map((l) => decide(l, labels, bias));
    },
    close: async () => undefined,
  };
}
