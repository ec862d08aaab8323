import type { Producer } from 'kafkajs';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { Decoded } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import type { DeadLetterWriter } from '../kafka/dead-letter.ts';
import type { TextClassifier } from '../nlp/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';
import type { Serializer } from '../schemas/serde.ts';
import type { Counter, Histogram } from '../telemetry/metrics.ts';
import type { ClassificationRecord } from './classification-record.ts';
import { classifyBatch } from './classify-batch.ts';

/**
 * The classifier's micro-batch handler: one model call for the batch, results keyed by tweet
 * id to the classified topic. If the model fails on the batch, each post is retried alone so a
 * single poison post is dead-lettered instead of blocking its partition.
 */
export interface ClassifyDeps {
  readonly classifier: TextClassifier;
  readonly producer: Producer;
  readonly topic: string;
  readonly serializer: Serializer<ClassificationRecord>;
  readonly deadLetters: DeadLetterWriter;
  readonly metrics: { classified: Counter; modelLatency: Histogram; batchSize: Histogram };
}

export function createClassifyHandler(deps: ClassifyDeps): (records: readonly Decoded<TweetRecord>[]) => Promise<void> {
  return async (records) => {
    const results = await classifyIsolating(records, deps);
    if (results.length === 0) return;
    const messages = await Promise.all(results.map(async (r) => ({ key: r.tweet_id, value: await deps.serializer.encode(r) })));
    await deps.producer.send({ topic: deps.topic, messages });
    deps.metrics.classified.inc({}, results.length);
  };
}

async function classifyIsolating(records: readonly Decoded<TweetRecord>[], deps: ClassifyDeps): Promise<ClassificationRecord[]> {
  try {
    const { results, modelMs } = await classifyBatch(records.map((r) => r.value), deps.classifier);
    deps.metrics.modelLatency.observe(modelMs);
    deps.metrics.batchSize.observe(records.length);
    return results;
  } catch (error) {
    if (error instanceof AppError && error.retriable) throw error;
    if (records.length === 1) {
      const r = records[0]!;
      const failure = new AppError(ErrorCode.MODEL, `Model failed on this post: ${(error as Error).message}`, { cause: error });
      await deps.deadLetters.send([toDeadLetter('classify', r, r.message, failure)]);
      return [];
    }
  }
  const results: ClassificationRecord[] = [];
  for (const r of records) results.push(...(await classifyIsolating([r], deps)));
  return results;
}
