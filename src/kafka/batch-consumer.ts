import type { Batch, Consumer, KafkaMessage } from 'kafkajs';
import { AppError, describeError } from '../errors/app-error.ts';
import { withRetry } from '../errors/retry.ts';
import { isTransient } from '../errors/transient.ts';
import type { Deserializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { Counter, Histogram } from '../telemetry/metrics.ts';
import type { DeadLetter } from './dead-letter.ts';
import { createWindowPipeline, type Entry, type PartitionOffset, type Window, type WindowOptions } from './window-pipeline.ts';

export type { Decoded, PartitionOffset, Tombstone, Window } from './window-pipeline.ts';

/**
 * The kafkajs side every consuming stage shares. Partition batches of a fetch are handled
 * concurrently (`partitionsConsumedConcurrently`); each is decoded and handed to one window
 * pipeline, which cuts windows across partitions and runs the stage on them (window-pipeline.ts).
 * An eachBatch call returns once all its records are committed, so kafkajs never fetches past
 * what is durable, and resolves its offset only then. Offsets are committed by the stage inside
 * its transaction (classify), or here right after the stage's commit (sink). Retriable failures
 * (broker, registry, database) are retried with backoff while heartbeating, never dead-lettered.
 */
export interface BatchConsumerOptions<T> {
  readonly consumer: Consumer;
  readonly stage: DeadLetter['stage'];
  readonly deserializer: Deserializer<T>;
  readonly window: WindowOptions;
  /** CPU work on a window (model, rows); may overlap the previous window's commit. */
  readonly prepare: (window: Window<T>) => Promise<unknown>;
  /** Makes the window's outputs, dead letters and (if the stage commits itself) offsets durable. */
  readonly commit: (window: Window<T>, prepared: unknown) => Promise<void>;
  /** false when `commit` commits offsets itself (inside a transaction). */
  readonly autoCommit: boolean;
  readonly logger: Logger;
  readonly counters: { consumed: Counter; retries: Counter; windowSize?: Histogram };
  readonly signal: AbortSignal;
  readonly retry?: { retries: number; initialMs: number; maxMs: number };
}

const DEFAULT_RETRY = { retries: 1_000_000, initialMs: 200, maxMs: 5_000 };
/** Partition batches of one fetch handled at once: more than any one instance is likely to own. */
const CONCURRENT_PARTITIONS = 64;
const HEARTBEAT_EVERY_MS = 500;

export async function runBatchConsumer<T>(options: BatchConsumerOptions<T>): Promise<void> {
  let beat: () => Promise<void> = async () => undefined;
  const retrying = {
    ...(options.retry ?? DEFAULT_RETRY),
    signal: options.signal,
    isRetriable: isTransient,
    onRetry: (error: unknown, attempt: number, delayMs: number) => {
      options.counters.retries.inc({ stage: options.stage });
      options.logger.warn('transient failure, retrying', { attempt, delayMs, error: describeError(error) });
      void beat().catch(() => undefined);
    },
  };
  const commitOffsets = (offsets: readonly PartitionOffset[]) => options.consumer.commitOffsets(offsets.map((o) => ({ ...o })));
  const pipeline = createWindowPipeline<T, unknown>(
    {
      prepare: (window) => withRetry(() => options.prepare(window), retrying),
      commit: (window, prepared) =>
        withRetry(async () => {
          await options.commit(window, prepared);
          if (options.autoCommit && window.offsets.length > 0) await commitOffsets(window.offsets);
        }, retrying),
    },
    options.window,
    (window, timing) => {
      options.counters.windowSize?.observe(window.size);
      options.logger.debug('window', {
        records: window.size,
        prepareMs: Math.round(timing.prepareMs),
        commitMs: Math.round(timing.commitMs),
      });
    },
  );
  await options.consumer.run({
    autoCommit: false,
    eachBatchAutoResolve: false,
    partitionsConsumedConcurrently: CONCURRENT_PARTITIONS,
    eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
      if (batch.messages.length === 0 || !isRunning() || isStale() || options.signal.aborted) return;
      beat = heartbeat;
      const ticket = pipeline.submit(decodeAll(options, batch, retrying));
      const last = batch.messages[batch.messages.length - 1]!.offset;
      for (;;) {
        let tick: NodeJS.Timeout | undefined;
        const finished = await Promise.race([
          ticket.done.then(() => true),
          new Promise<false>((r) => (tick = setTimeout(() => r(false), HEARTBEAT_EVERY_MS))),
        ]).finally(() => clearTimeout(tick));
        if (finished) {
          resolveOffset(last);
          return;
        }
        const stopping = !isRunning() || isStale() || options.signal.aborted;
        const beaten = stopping
          ? undefined
          : await heartbeat().then(
              () => undefined,
              (error: unknown) => error,
            );
        if (stopping || beaten !== undefined) {
          // Rebalance, seek or shutdown: what is not yet in a window stays uncommitted and is consumed again.
          const through = await ticket.withdraw();
          if (through !== undefined) resolveOffset(through);
          if (beaten !== undefined) throw beaten;
          return;
        }
      }
    },
  });
}

async function decodeAll<T>(
  options: BatchConsumerOptions<T>,
  batch: Batch,
  retrying: Parameters<typeof withRetry>[1],
): Promise<Entry<T>[]> {
  const entries: Entry<T>[] = [];
  const { topic, partition } = batch;
  for (const message of batch.messages) {
    if (message.value === null && message.key !== null && message.key.length > 0) {
      entries.push({ kind: 'tombstone', tombstone: { key: message.key.toString(), message, topic, partition } });
      continue;
    }
    try {
      const value = await withRetry(() => options.deserializer.decode(message.value), retrying);
      entries.push({ kind: 'decoded', record: { value, message, topic, partition } });
    } catch (error) {
      if (isTransient(error)) throw error;
      const letter = toDeadLetter(options.stage, batch, message, error);
      options.logger.warn('undecodable record, dead-lettering', { reason: letter.reason, ...letter.original });
      entries.push({ kind: 'undecodable', letter, topic, partition, message });
    }
  }
  options.counters.consumed.inc({ stage: options.stage }, batch.messages.length);
  const end = BigInt(batch.lastOffset()) + 1n;
  const last = entries.at(-1);
  if (last && end > BigInt(batch.messages.at(-1)!.offset) + 1n) entries[entries.length - 1] = { ...last, next: end.toString() };
  return entries;
}

export function toDeadLetter(
  stage: DeadLetter['stage'],
  batch: Pick<Batch, 'topic' | 'partition'>,
  message: KafkaMessage,
  error: unknown,
): DeadLetter {
  return {
    stage,
    errorClass: error instanceof AppError ? error.code : error instanceof Error ? error.name : 'Error',
    reason: error instanceof Error ? error.message : String(error),
    key: message.key,
    value: message.value,
    original: { topic: batch.topic, partition: batch.partition, offset: message.offset, timestamp: message.timestamp },
  };
}
