import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { AppError, describeError } from '../errors/app-error.ts';
import { withRetry } from '../errors/retry.ts';
import { isTransient } from '../errors/transient.ts';
import type { Deserializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { Counter } from '../telemetry/metrics.ts';
import type { DeadLetter } from './dead-letter.ts';

/**
 * The shape every consuming stage shares (kafkajs eachBatch): split the fetched batch into
 * micro-batches, decode each record, and hand the stage the good records, the undecodable
 * ones as dead letters, and the offset to commit. The stage makes all three durable its own
 * way (classify: one Kafka transaction; sink: database commit, then offsets). Offsets are
 * resolved only after that. Retriable failures (broker, registry, database) are retried with
 * backoff while heartbeating, never dead-lettered.
 */
export interface Decoded<T> {
  readonly value: T;
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
}

/** A record with a null value: the post under `key` was deleted (Kafka's tombstone convention). */
export interface Tombstone {
  readonly key: string;
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
}

export interface Chunk<T> {
  readonly good: readonly Decoded<T>[];
  readonly bad: readonly DeadLetter[];
  /** Deletes, in offset order; `good` and `tombstones` together are the chunk's records. */
  readonly tombstones: readonly Tombstone[];
  /** The next offset to consume on this partition: what a commit should store. */
  readonly commit: { readonly topic: string; readonly partition: number; readonly offset: string };
}

export interface BatchConsumerOptions<T> {
  readonly consumer: Consumer;
  readonly stage: DeadLetter['stage'];
  readonly deserializer: Deserializer<T>;
  readonly maxBatch: number;
  /** Makes the chunk's outputs, dead letters and (if the stage commits itself) offsets durable. */
  readonly handle: (chunk: Chunk<T>) => Promise<void>;
  /** false when `handle` commits offsets itself (inside a transaction). */
  readonly autoCommit: boolean;
  readonly logger: Logger;
  readonly counters: { consumed: Counter; retries: Counter };
  readonly signal: AbortSignal;
  readonly retry?: { retries: number; initialMs: number; maxMs: number };
}

const DEFAULT_RETRY = { retries: 1_000_000, initialMs: 200, maxMs: 5_000 };

export async function runBatchConsumer<T>(options: BatchConsumerOptions<T>): Promise<void> {
  await options.consumer.run({
    autoCommit: options.autoCommit,
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
      for (let start = 0; start < batch.messages.length; start += options.maxBatch) {
        if (!isRunning() || isStale() || options.signal.aborted) return;
        const messages = batch.messages.slice(start, start + options.maxBatch);
        await processChunk(options, batch, messages, heartbeat);
        resolveOffset(messages[messages.length - 1]!.offset);
        await heartbeat();
        if (options.autoCommit) await commitOffsetsIfNecessary();
      }
    },
  });
}

async function processChunk<T>(
  options: BatchConsumerOptions<T>,
  batch: Batch,
  messages: readonly KafkaMessage[],
  heartbeat: () => Promise<void>,
): Promise<void> {
  const retry = options.retry ?? DEFAULT_RETRY;
  const retrying = {
    ...retry,
    signal: options.signal,
    isRetriable: isTransient,
    onRetry: (error: unknown, attempt: number, delayMs: number) => {
      options.counters.retries.inc({ stage: options.stage });
      options.logger.warn('transient failure, retrying', { attempt, delayMs, error: describeError(error), partition: batch.partition });
      void heartbeat().catch(() => undefined);
    },
  };
  const good: Decoded<T>[] = [];
  const bad: DeadLetter[] = [];
  const tombstones: Tombstone[] = [];
  for (const message of messages) {
    if (message.value === null && message.key !== null && message.key.length > 0) {
      tombstones.push({ key: message.key.toString(), message, topic: batch.topic, partition: batch.partition });
      continue;
    }
    try {
      const value = await withRetry(() => options.deserializer.decode(message.value), retrying);
      good.push({ value, message, topic: batch.topic, partition: batch.partition });
    } catch (error) {
      if (isTransient(error)) throw error;
      bad.push(toDeadLetter(options.stage, batch, message, error));
    }
  }
  options.counters.consumed.inc({ stage: options.stage }, messages.length);
  for (const letter of bad) options.logger.warn('undecodable record, dead-lettering', { reason: letter.reason, ...letter.original });
  const last = messages[messages.length - 1]!;
  const commit = { topic: batch.topic, partition: batch.partition, offset: (BigInt(last.offset) + 1n).toString() };
  // Keep the session alive while the stage works (a model call can outlast the session timeout on
  // a loaded machine); kafkajs sends a heartbeat only when its interval has passed.
  const ticker = setInterval(() => void heartbeat().catch(() => undefined), HEARTBEAT_TICK_MS);
  try {
    await withRetry(() => options.handle({ good, bad, tombstones, commit }), retrying);
  } finally {
    clearInterval(ticker);
  }
}

const HEARTBEAT_TICK_MS = 500;

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
