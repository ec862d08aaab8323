import type { Consumer, Kafka } from 'kafkajs';

/**
 * The consumer every stage uses. Broker outages longer than kafkajs' retry budget make it
 * crash with "retries exceeded" or "failed to find group coordinator", which kafkajs calls
 * non-retriable and would leave the stage idle. We restart the consumer on any kafkajs error
 * instead (our own errors are handled per record before they can crash it), so a stage rides
 * out an outage of any length and resumes from its committed offsets.
 */
export function createStageConsumer(kafka: Kafka, options: { groupId: string; maxWaitTimeInMs: number }): Consumer {
  return kafka.consumer({
    groupId: options.groupId,
    maxWaitTimeInMs: options.maxWaitTimeInMs,
    sessionTimeout: 30_000,
    heartbeatInterval: 3_000,
    readUncommitted: false,
    retry: {
      retries: 10,
      initialRetryTime: 300,
      maxRetryTime: 10_000,
      restartOnFailure: async (error: Error) => error.name.startsWith('KafkaJS'),
    },
  });
}
