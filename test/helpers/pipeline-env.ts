import { randomBytes } from 'node:crypto';
import type { Admin } from 'kafkajs';
import { DEFAULT_KAFKA_BROKERS, DEFAULT_MYSQL_URL, DEFAULT_REGISTRY_URL } from '../../src/config/connections.ts';
import { createKafka } from '../../src/kafka/client.ts';

/**
 * Per-test names for topics, groups, subjects and tables, so integration tests never share
 * state with each other or with a running pipeline, and the services' addresses (env or the
 * private stack's defaults; `npm test` brings the stack up first).
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

export const services = {
  brokers: (process.env.KAFKA_BROKERS ?? DEFAULT_KAFKA_BROKERS).split(','),
  registryUrl: process.env.SCHEMA_REGISTRY_URL ?? DEFAULT_REGISTRY_URL,
  mysqlUrl: process.env.MYSQL_URL ?? DEFAULT_MYSQL_URL,
};

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
  const admin = createKafka({ brokers: services.brokers, clientId: 'streamsense-test' }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

export async function createTopics(names: readonly string[], partitions = 3): Promise<void> {
  await withAdmin((admin) => admin.createTopics({ waitForLeaders: true, topics: names.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 1 })) }));
}

export async function deleteTopics(names: readonly string[]): Promise<void> {
  await withAdmin((admin) => admin.deleteTopics({ topics: [...names] })).catch(() => undefined);
}
