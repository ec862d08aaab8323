/**
 * Where a resumable source's position is kept: a compacted Kafka topic, one key per source and
 * target topic, the latest value wins. The producer writes a position only after every post up
 * to it was acknowledged by Kafka, so a restart from the stored position never skips a post;
 * it may repeat some, which is harmless because posts are keyed by their id.
 */

import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CompressionTypes, type Kafka, type Producer } from 'kafkajs';
import { AppError, ErrorCode } from '../errors/app-error.ts';

export interface StateStore {
  load(key: string): Promise<string | undefined>;
  save(key: string, position: string): Promise<void>;
}

export const STATE_TOPIC_CONFIGS = { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' } as const;

export function createStateStore(kafka: Kafka, producer: Producer, topic: string): StateStore {
  return {
    async load(key) {
      await ensureStateTopic(kafka, topic);
      return readLatest(kafka, topic, key);
    },
    async save(key, position) {
      await producer.send({
        topic,
        messages: [{ key, value: JSON.stringify({ position, saved_at: new Date().toISOString() }) }],
        compression: CompressionTypes.None,
      });
    },
  };
}

export async function ensureStateTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (existing.includes(topic)) return;
    await admin
      .createTopics({
        waitForLeaders: true,
        topics: [{ topic, numPartitions: 1, configEntries: Object.entries(STATE_TOPIC_CONFIGS).map(([name, value]) => ({ name, value })) }],
      })
      .catch((error: Error) => {
        if (!/already exists/i.test(error.message)) throw error;
      });
  } finally {
    await admin.disconnect();
  }
}

/** Reads the topic from its start to its current end and returns the last value stored under `key`. */
async function readLatest(kafka: Kafka, topic: string, key: string): Promise<string | undefined> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, { low: BigInt(p.low), high: BigInt(p.high) }]));
  const pending = new Set([...ends].filter(([, o]) => o.high > o.low).map(([p]) => p));
  if (pending.size === 0) {
    await admin.disconnect();
    return undefined;
  }
  const groupId = `streamsense-state-reader-${randomBytes(4).toString('hex')}`;
  const consumer = kafka.consumer({ groupId });
  // Newest by saved_at, not by read order: a topic grown to more partitions holds older values under the key elsewhere.
  let latest: { position: string; savedAt: string } | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const stored = message.key?.toString() === key && message.value ? parsePosition(message.value.toString()) : undefined;
        if (stored && (!latest || stored.savedAt >= latest.savedAt)) latest = stored;
        if (BigInt(message.offset) + 1n >= ends.get(partition)!.high) pending.delete(partition);
      },
    });
    const deadline = Date.now() + 60_000;
    while (pending.size > 0) {
      if (Date.now() > deadline)
        throw new AppError(
          ErrorCode.SERVICE_UNAVAILABLE,
          `could not read the state topic ${topic} to its end within 60 s; is Kafka reachable?`,
        );
      await sleep(50);
    }
  } finally {
    await consumer.disconnect();
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
  return latest?.position;
}

function parsePosition(text: string): { position: string; savedAt: string } | undefined {
  try {
    const value = JSON.parse(text) as { position?: unknown; saved_at?: unknown };
    return typeof value.position === 'string'
      ? { position: value.position, savedAt: typeof value.saved_at === 'string' ? value.saved_at : '' }
      : undefined;
  } catch {
    return undefined;
  }
}
