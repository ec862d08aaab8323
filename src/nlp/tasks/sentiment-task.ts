import { AppError } from '../../errors/app-error.ts';
import type { TextClassificationBackend } from '../backends/types.ts';
import type { SentimentTaskConfig } from '../model-config.ts';
import { defaultHeadPath } from '../paths.ts';
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

export async function loadSentimentTask(config: SentimentTaskConfig, encoders: EncoderPool, backends: TaskBackends): Promise<SentimentTask> {
  if (config.method === 'head') {
    const encoder = await encoders.get(config.encoder);
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
        throw new AppError('MODEL', `${backend.name} answered ${answers.length} results for ${batch.texts.length} posts`, { context: { model: backend.name } });
      }
      return answers.map((a) => toSentimentScores(a, config.labels, backend.name));
    },
    close: () => backend.close(),
  };
}
