import type { Message } from 'kafkajs';
import type { TimeRule } from '../contracts/limits.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { isTransient } from '../errors/transient.ts';
import type { Chunk, Decoded } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import { deadLetterMessage, type DeadLetter } from '../kafka/dead-letter.ts';
import type { TransactionalWriter } from '../kafka/transactional-writer.ts';
import type { TextClassifier } from '../nlp/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';
import type { Serializer } from '../schemas/serde.ts';
import type { Counter, Histogram } from '../telemetry/metrics.ts';
import type { ClassificationRecord } from './classification-record.ts';
import { classifyBatch } from './classify-batch.ts';
import { keysDeletedLast } from '../kafka/last-write.ts';
import { tweetProblem } from './validate-tweet.ts';

/**
 * The classifier's micro-batch handler: one model call for the batch; results keyed by tweet
 * id, dead letters and the input offset written in ONE Kafka transaction, so each input
 * yields exactly one committed result even across crashes. If the model fails on the batch,
 * each post is retried alone so a single poison post is dead-lettered instead of blocking
 * its partition.
 */
export interface ClassifyDeps {
  readonly classifier: TextClassifier;
  readonly writer: TransactionalWriter;
  readonly outputTopic: string;
  readonly dlqTopic: string;
  readonly serializer: Serializer<ClassificationRecord>;
  readonly metrics: { classified: Counter; deadLetters: Counter; modelLatency: Histogram; batchSize: Histogram; deleted?: Counter };
  /** Languages the models cover (primary subtags); null = all. */
  readonly languages?: readonly string[] | null;
  /** Plausible post times (src/contracts/limits.ts defaults when absent). */
  readonly timeRule?: TimeRule;
}

export function createClassifyHandler(deps: ClassifyDeps): (chunk: Chunk<TweetRecord>) => Promise<void> {
  return async ({ good, bad, tombstones, commit }) => {
    const rejected: DeadLetter[] = [];
    // A post deleted later in the chunk is not classified: its tombstone is forwarded instead.
    const deleted = keysDeletedLast(good.map((r) => ({ key: r.value.id, message: r.message })), tombstones);
    const usable = good.filter((r) => {
      if (deleted.has(r.value.id)) return false;
      const problem = tweetProblem(r.value, deps.timeRule);
      if (problem) rejected.push(toDeadLetter('classify', r, r.message, new AppError(ErrorCode.INVALID_INPUT, problem)));
      return !problem;
    });
    const results = await classifyIsolating(usable, deps, rejected);
    const letters = [...bad, ...rejected];
    const outputs: Array<{ topic: string; messages: Message[] }> = [];
    if (results.length > 0) {
      const messages = await Promise.all(results.map(async (r) => ({ key: r.tweet_id, value: await deps.serializer.encode(r) })));
      outputs.push({ topic: deps.outputTopic, messages });
    }
    if (deleted.size > 0) outputs.push({ topic: deps.outputTopic, messages: [...deleted].map((key) => ({ key, value: null })) });
    if (letters.length > 0) outputs.push({ topic: deps.dlqTopic, messages: letters.map((l) => deadLetterMessage(l)) });
    await deps.writer.writeAtomically(outputs, commit);
    deps.metrics.classified.inc({}, results.length);
    if (deleted.size > 0) deps.metrics.deleted?.inc({}, deleted.size);
    for (const l of letters) deps.metrics.deadLetters.inc({ stage: l.stage, error: l.errorClass });
  };
}

async function classifyIsolating(records: readonly Decoded<TweetRecord>[], deps: ClassifyDeps, failures: DeadLetter[]): Promise<ClassificationRecord[]> {
  if (records.length === 0) return [];
  try {
    const { results, modelMs } = await classifyBatch(records.map((r) => r.value), deps.classifier, Date.now, deps.languages ?? null);
    deps.metrics.modelLatency.observe(modelMs);
    deps.metrics.batchSize.observe(records.length);
    return results;
  } catch (error) {
    if (isTransient(error)) throw error;
    if (records.length === 1) {
      const r = records[0]!;
      failures.push(toDeadLetter('classify', r, r.message, new AppError(ErrorCode.MODEL, `Model failed on this post: ${(error as Error).message}`, { cause: error })));
      return [];
    }
  }
  const results: ClassificationRecord[] = [];
  for (const r of records) results.push(...(await classifyIsolating([r], deps, failures)));
  return results;
}
