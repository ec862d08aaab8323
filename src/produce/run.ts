import { CompressionTypes, type Message, type Producer } from 'kafkajs';
import type { SourceItem } from '../contracts/post-input.ts';
import { validatePost } from '../contracts/post-input.ts';
import { type PostRecord, toPostRecord } from '../contracts/post-record.ts';
import { describeError } from '../errors/app-error.ts';
import { isTransient } from '../errors/transient.ts';
import type { DeadLetterWriter } from '../kafka/dead-letter.ts';
import type { Serializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { Counter } from '../telemetry/metrics.ts';
import { createRateLimiter } from './rate-limiter.ts';
import type { Source } from './source.ts';
import type { StateStore } from './state-store.ts';

/**
 * The producer loop: read items from a source, validate each, write valid posts to the raw
 * topic keyed by post id and everything else to the dead-letter topic with the reason.
 * Messages are sent in batches; a slow source is flushed every `lingerMs`.
 */
export interface ProduceOptions {
  readonly source: Source;
  readonly producer: Producer;
  readonly topic: string;
  readonly serializer: Serializer<PostRecord>;
  readonly deadLetters: DeadLetterWriter;
  readonly ratePerSecond: number;
  readonly maxPosts: number;
  readonly batchSize: number;
  readonly lingerMs: number;
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly counters: { produced: Counter; invalid: Counter };
  readonly onProgress?: (stats: ProduceStats) => void;
  /** How far in the future `created_at` may be (src/contracts/limits.ts has the default). */
  readonly maxFutureSkewMs?: number;
  /** For resumable sources: where positions are stored, under `stateKey`. */
  readonly state?: { store: StateStore; key: string };
}

export interface ProduceStats {
  read: number;
  produced: number;
  invalid: number;
  /** Tombstones written for posts deleted at the source. */
  deleted: number;
}

export async function runProducer(options: ProduceOptions): Promise<ProduceStats> {
  const stats: ProduceStats = { read: 0, produced: 0, invalid: 0, deleted: 0 };
  const limiter = createRateLimiter(options.ratePerSecond);
  const pending: Message[] = [];
  const state = options.source.resumable ? options.state : undefined;
  const from = state ? await state.store.load(state.key) : undefined;
  if (state)
    options.logger.info(from ? 'resuming the source from its stored position' : 'no stored position: starting the source live', {
      key: state.key,
      position: from,
    });
  // `position` is that of the last item fully handled (queued or dead-lettered); a flush stores
  // it after the batch holding everything up to it was acknowledged.
  let position: string | undefined;
  let saved = from;
  let sending: Promise<void> = Promise.resolve();
  const flush = () => {
    const batch = pending.splice(0);
    const upTo = position;
    if (batch.length === 0 && upTo === saved) return sending;
    sending = sending.then(async () => {
      if (batch.length > 0) await options.producer.send({ topic: options.topic, messages: batch, compression: CompressionTypes.GZIP });
      stats.produced += batch.length;
      options.counters.produced.inc({ topic: options.topic }, batch.length);
      if (state && upTo !== undefined && upTo !== saved) {
        await state.store.save(state.key, upTo);
        saved = upTo;
      }
      options.onProgress?.(stats);
    });
    return sending;
  };
  const timer = setInterval(() => void flush().catch(() => undefined), options.lingerMs);
  try {
    for await (const item of options.source.items(options.signal, from)) {
      stats.read++;
      const outcome = await toMessageOrDeadLetter(item, options).catch((error: unknown) => unexpected(item, error, options));
      if (outcome) pending.push(outcome);
      else stats.invalid++;
      if (item.kind === 'delete') stats.deleted++;
      if (item.position !== undefined) position = item.position;
      if (pending.length >= options.batchSize) await flush();
      if (options.maxPosts > 0 && stats.read >= options.maxPosts) break;
      if (options.signal.aborted) break;
      await limiter.wait(options.signal);
    }
    await flush();
    await sending;
  } finally {
    clearInterval(timer);
  }
  options.onProgress?.(stats);
  return stats;
}

/** The item's bytes as they arrived; JSON only for items that never had bytes of their own. */
function originalBytes(item: SourceItem): Buffer | string {
  if (item.kind === 'unparsable') return item.raw;
  if (item.kind === 'delete') return item.id;
  return item.raw ?? safeStringify(item.value);
}

async function reject(item: SourceItem, reason: string, errorClass: string, options: ProduceOptions): Promise<null> {
  options.logger.warn('invalid input sent to dead-letter topic', { origin: item.origin, reason });
  options.counters.invalid.inc({ source: options.source.name, reason: errorClass });
  await options.deadLetters.send([
    { stage: 'produce', errorClass, reason, key: null, value: originalBytes(item), origin: item.origin, input: item.input },
  ]);
  return null;
}

async function toMessageOrDeadLetter(item: SourceItem, options: ProduceOptions): Promise<Message | null> {
  if (item.kind === 'unparsable') return reject(item, item.reason, 'UnparsableInput', options);
  // A tombstone: compaction and every stage downstream read a null value as "this post is gone".
  if (item.kind === 'delete') return { key: item.id, value: null };
  const validation = validatePost(item.value, { source: options.source.name, maxFutureSkewMs: options.maxFutureSkewMs });
  if (!validation.ok) return reject(item, validation.reason, 'InvalidPost', options);
  const record = toPostRecord(validation.post, options.source.name);
  try {
    return { key: record.id, value: await options.serializer.encode(record) };
  } catch (error) {
    if (isTransient(error)) throw error;
    return reject(item, `Avro encoding failed: ${(error as Error).message}`, 'EncodeError', options);
  }
}

/**
 * Anything an item throws that is not Kafka's or the registry's own trouble is a bug this input
 * found: dead-letter the item and carry on, so one line never stops the stream.
 */
async function unexpected(item: SourceItem, error: unknown, options: ProduceOptions): Promise<null> {
  if (isTransient(error) || (error instanceof Error && error.name.startsWith('KafkaJS'))) throw error;
  return reject(item, `internal error on this input: ${describeError(error)}`, 'InternalError', options);
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return '(value could not be serialised)';
  }
}
