import { CompressionTypes, type Kafka, type Message, Partitioners, type Producer, type Transaction } from 'kafkajs';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { Logger } from '../telemetry/log.ts';
import { splitByPartition, topicMetadataCache } from './producer.ts';
import type { PartitionOffset } from './window-pipeline.ts';

/**
 * Read-process-write in Kafka transactions: the outputs of a chunk and the consumer offset
 * that says "this input is done" are committed together or not at all. A restarted instance
 * with the same transactional id fences the old one and aborts its open transaction, so
 * read_committed readers never wait for a crashed producer's transaction to time out.
 *
 * When the broker expired our transaction (e.g. it was down longer than the transaction
 * timeout), the producer's epoch is stale: we start a fresh producer under the same id and let
 * the caller retry the chunk, whose offsets were not committed. After `maxFencedRestarts` in a
 * row we give up, since then another live instance most likely owns the id.
 */
export interface TransactionalWriter {
  /** The outputs and the next offset of each input partition, in one transaction. */
  writeAtomically(outputs: ReadonlyArray<{ topic: string; messages: Message[] }>, offsets: readonly PartitionOffset[]): Promise<void>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TransactionalWriterOptions {
  readonly transactionalId: string;
  readonly groupId: string;
  readonly transactionTimeoutMs?: number;
  readonly maxFencedRestarts?: number;
  readonly logger?: Logger;
}

const FENCED = new Set(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED', 'INVALID_PRODUCER_ID_MAPPING']);

export function isFenced(error: unknown): boolean {
  const e = error as { type?: string; message?: string; cause?: unknown } | null;
  if (!e) return false;
  if (FENCED.has(e.type ?? '') || /old epoch|fenced/i.test(e.message ?? '')) return true;
  return e.cause !== undefined && e.cause !== error && isFenced(e.cause);
}

export function isStuck(error: unknown): boolean {
  return /Transaction state exception|Cannot call "\w+" in state/i.test((error as { message?: string } | null)?.message ?? '');
}

export function createTransactionalWriter(kafka: Kafka, options: TransactionalWriterOptions): TransactionalWriter {
  const make = (): Producer =>
    kafka.producer({
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 60_000,
      createPartitioner: Partitioners.DefaultPartitioner,
      // A transaction started right after the previous commit often meets CONCURRENT_TRANSACTIONS while
      // the coordinator writes markers; the Java client retries that after 20 ms, and so do we.
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 25, maxRetryTime: 10_000 },
    });
  let producer = make();
  let fencedInARow = 0;
  // One send per partition inside the transaction too: see src/kafka/producer.ts for the kafkajs
  // bug that drops a partition when a multi-broker send meets a dying broker.
  const metadata = topicMetadataCache(kafka.admin(), 30_000);
  const partitioner = Partitioners.DefaultPartitioner();

  let needsConnect = false;

  /** A fresh producer under the same id: its initTransactions fences the old epoch and aborts what it left open. */
  const renew = async (error: unknown, fenced: boolean) => {
    if (fenced) fencedInARow++;
    if (fencedInARow > (options.maxFencedRestarts ?? 5)) {
      throw new AppError(
        ErrorCode.INTERNAL,
        `Transactional id ${options.transactionalId} is fenced again and again: another classifier probably uses it. Give each instance its own --transactional-id.`,
        { cause: error },
      );
    }
    options.logger?.warn('transactional producer unusable (fenced, expired or stuck mid-commit); starting a fresh one under the same id', {
      transactionalId: options.transactionalId,
      error: error instanceof Error ? error.message : String(error),
    });
    await producer.disconnect().catch(() => undefined);
    producer = make();
    needsConnect = true;
    await producer.connect().then(
      () => {
        needsConnect = false;
      },
      () => undefined,
    );
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'transaction aborted; retrying the chunk with a fresh producer', {
      retriable: true,
      cause: error,
    });
  };

  return {
    connect: async () => {
      await producer.connect();
      await metadata.connect();
    },
    disconnect: async () => {
      await metadata.disconnect().catch(() => undefined);
      await producer.disconnect();
    },
    async writeAtomically(outputs, offsets) {
      let txn: Transaction | undefined;
      try {
        if (needsConnect) {
          await producer.connect();
          needsConnect = false;
        }
        txn = await producer.transaction();
        const groups = await splitByPartition(outputs, (topic) => metadata.partitionsOf(topic), partitioner);
        for (const group of groups) await txn.send({ ...group, compression: CompressionTypes.GZIP });
        if (offsets.length > 0) await txn.sendOffsets({ consumerGroupId: options.groupId, topics: offsetsByTopic(offsets) });
        await txn.commit();
        fencedInARow = 0;
      } catch (error) {
        // A commit that failed half-way (its broker died) leaves kafkajs' producer in state
        // COMMITTING, where it can neither abort nor begin again: only a fresh producer helps.
        const aborted = txn
          ? await txn.abort().then(
              () => true,
              () => false,
            )
          : true;
        if (isFenced(error) || isStuck(error) || !aborted) await renew(error, isFenced(error));
        throw error;
      }
    },
  };
}

/** sendOffsets' shape: partitions grouped under their topic. */
export function offsetsByTopic(
  offsets: readonly PartitionOffset[],
): Array<{ topic: string; partitions: Array<{ partition: number; offset: string }> }> {
  const topics = new Map<string, Array<{ partition: number; offset: string }>>();
  for (const { topic, partition, offset } of offsets) topics.set(topic, [...(topics.get(topic) ?? []), { partition, offset }]);
  return [...topics].map(([topic, partitions]) => ({ topic, partitions }));
}
