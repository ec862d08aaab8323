import { Partitioners, type Kafka, type Producer } from 'kafkajs';

/**
 * The producer every stage uses: idempotent (no duplicates from retries), Java-compatible
 * partitioner so keys land where Java clients would put them, and retries without a count
 * limit (kafkajs warns that a limited count may break idempotence); each wait is capped, and
 * a stage's shutdown disconnects it.
 *
 * acks=all on every send: kafkajs' default is -1 and an idempotent producer refuses any other
 * value, so with min.insync.replicas=2 on a 3-broker cluster (`stack up --brokers 3`) a record is
 * acknowledged only once two replicas have it, and losing one broker loses nothing.
 */
export function createIdempotentProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
}
