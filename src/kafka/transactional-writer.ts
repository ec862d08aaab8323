import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { Logger } from '../telemetry/log.ts';
import { splitByPartition, topicMetadataCache } from './producer.ts';

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
  writeAtomically(outputs: ReadonlyArray<{ topic: string; messages: Message[] }>, commit: { topic: string; partition: number; offset: string }): Promise<void>;
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

  const restart = async (error: unknown) => {
    fencedInARow++;
    if (fencedInARow > (options.maxFencedRestarts ?? 5)) {
      throw new AppError(ErrorCode.INTERNAL, `Transactional id ${options.transactionalId} is fenced again and again: another classifier probably uses it. Give each instance its own --transactional-id.`, { cause: error });
    }
    options.logger?.warn('transaction expired or fenced; starting a fresh producer under the same id', { transactionalId: options.transactionalId, attempt: fencedInARow });
    await producer.disconnect().catch(() => undefined);
    producer = make();
    await producer.connect();
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'transaction aborted by the broker; retrying the chunk', { retriable: true, cause: error });
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
    async writeAtomically(outputs, commit) {
      let txn;
      try {
        txn = await producer.transaction();
        const groups = await splitByPartition(outputs, (topic) => metadata.partitionsOf(topic), partitioner);
        for (const group of groups) await txn.send({ ...group, compression: CompressionTypes.GZIP });
        await txn.sendOffsets({ consumerGroupId: options.groupId, topics: [{ topic: commit.topic, partitions: [{ partition: commit.partition, offset: commit.offset }] }] });
        await txn.commit();
        fencedInARow = 0;
      } catch (error) {
        await txn?.abort().catch(() => undefined);
        if (isFenced(error)) await restart(error);
        throw error;
      }
    },
  };
}
