import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * The producer every stage uses: idempotent (no duplicates from retries), Java-compatible
 * partitioner so keys land where Java clients would put them, and retries without a count
 * limit (kafkajs warns that a limited count may break idempotence); each wait is capped, and
 * a stage's shutdown disconnects it.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
}
