import type { Consumer, Kafka } from 'kafkajs';

/**
 * The consumer every stage uses. Broker outages longer than kafkajs' retry budget make it
 * crash with "retries exceeded" or "failed to find group coordinator", which kafkajs calls
 * non-retriable and would leave the stage idle. We restart the consumer on any kafkajs error
 * instead (our own errors are handled per record before they can crash it), so a stage rides
 * out an outage of any length and resumes from its committed offsets.
 *
 * The session timeout is how long the partitions of a member that died without leaving (kill -9,
 * power loss) stay idle: the coordinator waits that long before it rebalances them, even when
 * the same instance restarts at once, since kafkajs has no static membership (group.instance.id,
 * KIP-345; kafkajs#884). 10 s instead of kafkajs' 30 s, with a heartbeat every second, also while
 * a long micro-batch runs (src/kafka/batch-consumer.ts). docs/reliability.md has the figures.
 */
export const DEFAULT_SESSION_TIMEOUT_MS = 10_000;
export const DEFAULT_HEARTBEAT_INTERVAL_MS = 1_000;

export interface StageConsumerOptions {
  readonly groupId: string;
  readonly maxWaitTimeInMs: number;
  readonly sessionTimeoutMs?: number;
  readonly heartbeatIntervalMs?: number;
}

export function createStageConsumer(kafka: Kafka, options: StageConsumerOptions): Consumer {
  return kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: options.maxWaitTimeInMs,
    sessionTimeout: options.sessionTimeoutMs ?? DEFAULT_SESSION_TIMEOUT_MS,
    heartbeatInterval: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    readUncommitted: false,
    retry: {
      retries: 10,
      initialRetryTime: 300,
      maxRetryTime: 10_000,
      restartOnFailure: async (error: Error) => error.name.startsWith('KafkaJS'),
    },
  });
}
