import type { Kafka, Message } from 'kafkajs';
import { CompressionTypes } from 'kafkajs';
import { csvRowItem, parseCsvBytes } from '../contracts/csv.ts';
import { lineToItem } from '../contracts/input-line.ts';
import { type SourceItem, validatePost } from '../contracts/post-input.ts';
import { type PostRecord, toPostRecord } from '../contracts/post-record.ts';
import { DeadLetterHeader } from '../kafka/dead-letter.ts';
import type { Serializer } from '../schemas/serde.ts';
import type { StoredLetter } from './read.ts';

/**
 * Replaying dead letters after a fix. Letters that came from a Kafka topic go back to it (or
 * to `to`) byte for byte, keyed as before. Letters from the producer hold the input line's
 * bytes as they arrived: they pass the producer's checks again (size, UTF-8, JSON depth, the
 * post contract, plausible time) and, if now valid, are produced as posts; still-invalid ones
 * are reported and left where they are. Every replayed record carries the letter's address in a header.
 */
export interface ReplayPlan {
  readonly resend: Array<{ topic: string; message: Message }>;
  readonly stillInvalid: Array<{ letter: StoredLetter; reason: string }>;
}

export const REPLAYED_FROM = 'dlq.replayed.from';

export async function planReplay(
  letters: readonly StoredLetter[],
  options: { to?: string; rawTopic: string; serializer?: Serializer<PostRecord> },
): Promise<ReplayPlan> {
  const plan: ReplayPlan = { resend: [], stillInvalid: [] };
  for (const letter of letters) {
    const from = `${letter.topic}:${letter.partition}:${letter.offset}`;
    const originalTopic = letter.headers[DeadLetterHeader.originalTopic];
    if (originalTopic) {
      plan.resend.push({
        topic: options.to ?? originalTopic,
        message: { key: letter.key, value: letter.value, headers: { [REPLAYED_FROM]: from } },
      });
      continue;
    }
    const reason = await revalidate(letter, options, plan, from);
    if (reason) plan.stillInvalid.push({ letter, reason });
  }
  return plan;
}

/** A producer letter's bytes go through the producer's own checks again (src/contracts/input-line.ts, src/contracts/csv.ts). */
async function revalidate(
  letter: StoredLetter,
  options: Parameters<typeof planReplay>[1],
  plan: ReplayPlan,
  from: string,
): Promise<string | null> {
  const item = producerItem(letter, from);
  if (item.kind === 'unparsable') return item.reason;
  if (item.kind !== 'post') return 'not a post (internal)';
  const validation = validatePost(item.value, { source: 'dlq-replay' });
  if (!validation.ok) return validation.reason;
  if (!options.serializer) return 'no serializer to encode the post (internal)';
  const record = toPostRecord(validation.post, 'dlq-replay');
  plan.resend.push({
    topic: options.to ?? options.rawTopic,
    message: { key: record.id, value: await options.serializer.encode(record), headers: { [REPLAYED_FROM]: from } },
  });
  return null;
}

function producerItem(letter: StoredLetter, from: string): SourceItem {
  const bytes = letter.value ?? Buffer.alloc(0);
  if (letter.headers[DeadLetterHeader.inputFormat] !== 'csv') return lineToItem(bytes, from);
  const header =
    [...parseCsvBytes(Buffer.from(letter.headers[DeadLetterHeader.csvHeader] ?? '', 'utf8'))][0]?.fields?.map((f) => f.trim()) ?? [];
  const row = [...parseCsvBytes(bytes)][0];
  if (!row) return { kind: 'unparsable', raw: bytes, reason: 'empty CSV row', origin: from };
  return csvRowItem(header, row, from);
}

export async function sendPlan(kafka: Kafka, plan: ReplayPlan): Promise<number> {
  if (plan.resend.length === 0) return 0;
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    retry: { retries: Number.MAX_SAFE_INTEGER, maxRetryTime: 10_000 },
  });
  await producer.connect();
  try {
    const byTopic = new Map<string, Message[]>();
    for (const { topic, message } of plan.resend) byTopic.set(topic, [...(byTopic.get(topic) ?? []), message]);
    await producer.sendBatch({
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      compression: CompressionTypes.GZIP,
    });
    return plan.resend.length;
  } finally {
    await producer.disconnect();
  }
}

/** Marks letters as replayed for a group, so the next replay starts after them. */
export async function markReplayed(kafka: Kafka, groupId: string, letters: readonly StoredLetter[]): Promise<void> {
  const next = new Map<string, Map<number, bigint>>();
  for (const l of letters) {
    const parts = next.get(l.topic) ?? new Map<number, bigint>();
    const offset = BigInt(l.offset) + 1n;
    if ((parts.get(l.partition) ?? -1n) < offset) parts.set(l.partition, offset);
    next.set(l.topic, parts);
  }
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const [topic, parts] of next) {
      await admin.setOffsets({
        groupId,
        topic,
        partitions: [...parts].map(([partition, offset]) => ({ partition, offset: offset.toString() })),
      });
    }
  } finally {
    await admin.disconnect();
  }
}
