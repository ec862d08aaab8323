import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { securityFromEnv } from '../../src/config/security.ts';
import { createKafka } from '../../src/kafka/client.ts';
import { ensureStack } from './stack.ts';

/**
 * Per-test names for topics, groups, subjects and tables, so integration tests never share
 * state with each other or with a running pipeline. Services come from the shared test stack.
 */
export interface PipelineNames {
  readonly raw: string;
  readonly classified: string;
  readonly rawDlq: string;
  readonly classifiedDlq: string;
  readonly classifyGroup: string;
  readonly sinkGroup: string;
  readonly table: string;
}

export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

export function pipelineNames(prefix = 't'): PipelineNames {
  const id = `${prefix}${uniqueSuffix()}`;
  return {
    raw: `${id}.raw`,
    classified: `${id}.classified`,
    rawDlq: `${id}.raw.dlq`,
    classifiedDlq: `${id}.classified.dlq`,
    classifyGroup: `${id}-classify`,
    sinkGroup: `${id}-sink`,
    table: `cls_${id}`,
  };
}

export async function withAdmin<T>(fn: (admin: Admin) => Promise<T>): Promise<T> {
  const { kafkaBrokers } = await ensureStack();
  const admin = createKafka({ security: securityFromEnv().kafka, brokers: kafkaBrokers, clientId: 'streamsense-test' }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopics(names: readonly string[], partitions = 3): Promise<void> {
  await withAdmin((admin) =>
    admin.createTopics({
      waitForLeaders: true,
      topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })),
    }),
  );
}

export async function deleteTopics(names: readonly string[]): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics: [...names] })).catch(() => undefined);
}
