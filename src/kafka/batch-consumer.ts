import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { AppError, describeError } from '../errors/app-error.ts';
import { withRetry } from '../errors/retry.ts';
import type { Deserializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { Counter } from '../telemetry/metrics.ts';
import type { DeadLetter, DeadLetterWriter } from './dead-letter.ts';

/**
 * The shape every consuming stage shares (kafkajs eachBatch): split the fetched batch into
 * micro-batches, decode each record (bad ones to the dead-letter topic with the reason),
 * hand the good ones to the stage, and resolve offsets only after the stage's output is
 * durable. Retriable failures (broker, registry, database) are retried with backoff while
 * heartbeating, never dead-lettered.
 */
export interface Decoded<T> {
  readonly value: T;
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
}

export interface BatchConsumerOptions<T> {
  readonly consumer: Consumer;
  readonly stage: DeadLetter['stage'];
  readonly deserializer: Deserializer<T>;
  readonly deadLetters: DeadLetterWriter;
  readonly maxBatch: number;
  readonly handle: (records: readonly Decoded<T>[]) => Promise<void>;
  readonly logger: Logger;
  readonly counters: { consumed: Counter; deadLetters: Counter; retries: Counter };
  readonly signal: AbortSignal;
  readonly retry?: { retries: number; initialMs: number; maxMs: number };
}

const DEFAULT_RETRY = { retries: 1_000, initialMs: 200, maxMs: 5_000 };

export async function runBatchConsumer<T>(options: BatchConsumerOptions<T>): Promise<void> {
  await options.consumer.run({
    autoCommit: true,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      for (let start = 0; start < batch.messages.length; start += options.maxBatch) {
        if (!isRunning() || isStale() || options.signal.aborted) return;
        const chunk = batch.messages.slice(start, start + options.maxBatch);
        await processChunk(options, batch, chunk, heartbeat);
        resolveOffset(chunk[chunk.length - 1]!.offset);
        await heartbeat();
        await commitOffsetsIfNecessary();
      }
    },
  });
}

async function processChunk<T>(
  options: BatchConsumerOptions<T>,
  batch: Batch,
  chunk: readonly KafkaMessage[],
  heartbeat: () => Promise<void>,
): Promise<void> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const retrying = {
    ...retry,
    signal: options.signal,
    onRetry: (error: unknown, attempt: number, delayMs: number) => {
      options.counters.retries.inc({ stage: options.stage });
      options.logger.warn('transient failure, retrying', { attempt, delayMs, error: describeError(error), partition: batch.partition });
      void heartbeat().catch(() => undefined);
    },
  };
  const good: Decoded<T>[] = [];
  const bad: DeadLetter[] = [];
  for (const message of chunk) {
    try {
      const value = await withRetry(() => options.deserializer.decode(message.value), retrying);
      good.push({ value, message, topic: batch.topic, partition: batch.partition });
    } catch (error) {
      if (error instanceof AppError && error.retriable) throw error;
      bad.push(toDeadLetter(options.stage, batch, message, error));
    }
  }
  options.counters.consumed.inc({ stage: options.stage }, chunk.length);
  if (good.length > 0) await withRetry(() => options.handle(good), retrying);
  if (bad.length > 0) {
    for (const letter of bad) {
      options.logger.warn('record sent to dead-letter topic', { stage: letter.stage, reason: letter.reason, ...letter.original });
    }
    await withRetry(() => options.deadLetters.send(bad), { ...retrying, isRetriable: () => true });
  }
}

export function toDeadLetter(stage: DeadLetter['stage'], batch: Pick<Batch, 'topic' | 'partition'>, message: KafkaMessage, error: unknown): DeadLetter {
  return {
    stage,
    errorClass: error instanceof AppError ? error.code : error instanceof Error ? error.name : 'Error',
    reason: error instanceof Error ? error.message : String(error),
    key: message.key,
    value: message.value,
    original: { topic: batch.topic, partition: batch.partition, offset: message.offset, timestamp: message.timestamp },
  };
}
