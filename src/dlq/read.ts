import type { Kafka } from 'kafkajs';
import { readDeadLetterHeaders } from '../kafka/dead-letter.ts';

/**
 * Reads a dead-letter topic from the start (or from a group's committed position) up to the
 * high watermarks as they were when reading began, then stops.
 */
export interface StoredLetter {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

const IDLE_MS = 3_000;

export async function readLetters(
  kafka: Kafka,
  topic: string,
  options: { groupId?: string; limit?: number } = {},
): Promise<StoredLetter[]> {
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(topic);
  const remaining = new Map(ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high)]));
  const groupId = options.groupId ?? `streamsense-dlq-read-${process.pid}-${Date.now()}`;
  const letters: StoredLetter[] = [];
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 500 });
  try {
    if (remaining.size === 0) return letters;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const done = () => remaining.size === 0 || (options.limit !== undefined && letters.length >= options.limit);
      // Transactional writers leave commit markers after the last record, so a partition's high
      // watermark can sit past its last readable offset: also stop once fetches bring nothing new.
      let lastActivity = Number.POSITIVE_INFINITY;
      consumer.on(consumer.events.GROUP_JOIN, () => {
        lastActivity = Date.now();
      });
      const idle = setInterval(() => {
        if (done() || Date.now() - lastActivity > IDLE_MS) finish();
      }, 250);
      const finish = () => {
        clearInterval(idle);
        resolve();
      };
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            lastActivity = Date.now();
            const end = remaining.get(partition);
            if (end === undefined || done()) return;
            letters.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              headers: readDeadLetterHeaders(message.headers),
            });
            if (BigInt(message.offset) + 1n >= end) remaining.delete(partition);
            if (done()) finish();
          },
        })
        .catch(reject);
    });
    return options.limit === undefined ? letters : letters.slice(0, options.limit);
  } finally {
    await consumer.disconnect();
    if (!options.groupId) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}
