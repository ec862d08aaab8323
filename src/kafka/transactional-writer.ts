import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { Partitioners } from 'kafkajs';

/**
 * Read-process-write in Kafka transactions: the outputs of a chunk and the consumer offset
 * that says "this input is done" are committed together or not at all. A restarted instance
 * with the same transactional id fences the old one and aborts its open transaction, so
 * read_committed readers never wait for a crashed producer's transaction to time out.
 */
export interface TransactionalWriter {
  writeAtomically(outputs: ReadonlyArray<{ topic: string; messages: Message[] }>, commit: { topic: string; partition: number; offset: string }): Promise<void>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export function createTransactionalWriter(kafka: Kafka, options: { transactionalId: string; groupId: string; transactionTimeoutMs?: number }): TransactionalWriter {
  const producer: Producer = kafka.producer({
    transactionalId: options.transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
    transactionTimeout: options.transactionTimeoutMs ?? 30_000,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  return {
    connect: () => producer.connect(),
    disconnect: () => producer.disconnect(),
    async writeAtomically(outputs, commit) {
      const txn = await producer.transaction();
      try {
        if (outputs.length > 0) await txn.sendBatch({ topicMessages: outputs.map((o) => ({ topic: o.topic, messages: o.messages })), compression: CompressionTypes.GZIP });
        await txn.sendOffsets({
          consumerGroupId: options.groupId,
          topics: [{ topic: commit.topic, partitions: [{ partition: commit.partition, offset: commit.offset }] }],
        });
        await txn.commit();
      } catch (error) {
        await txn.abort().catch(() => undefined);
        throw error;
      }
    },
  };
}
