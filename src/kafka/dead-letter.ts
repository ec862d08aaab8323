import { CompressionTypes, type IHeaders, type Message, type Producer } from 'kafkajs';
import type { Counter } from '../telemetry/metrics.ts';

/**
 * Bad records never vanish: each goes to a dead-letter topic with its original bytes and
 * headers saying which stage refused it, why, and where it came from.
 */
export const DeadLetterHeader = {
  stage: 'dlq.stage',
  errorClass: 'dlq.error.class',
  errorMessage: 'dlq.error.message',
  originalTopic: 'dlq.original.topic',
  originalPartition: 'dlq.original.partition',
  originalOffset: 'dlq.original.offset',
  originalTimestamp: 'dlq.original.timestamp',
  origin: 'dlq.origin',
  failedAt: 'dlq.failed.at',
  /** How producer input was framed (`csv`; absent: one JSON line), so a replay can read it again. */
  inputFormat: 'dlq.input.format',
  /** The header row of the CSV file a row came from. */
  csvHeader: 'dlq.input.csv.header',
} as const;

export interface DeadLetter {
  readonly stage: 'produce' | 'classify' | 'sink';
  readonly errorClass: string;
  readonly reason: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  /** Where the record came from when it was read from Kafka. */
  readonly original?: { topic: string; partition: number; offset: string; timestamp?: string };
  /** Where it came from otherwise, e.g. `file:data/sample/tweets.jsonl:1042`. */
  readonly origin?: string;
  /** Producer input that is not one JSON line: a CSV row, with its file's header row. */
  readonly input?: { readonly format: 'csv'; readonly header: string };
}

const MAX_HEADER_CHARS = 2_000;

export function deadLetterMessage(letter: DeadLetter, now = new Date()): Message {
  const headers: IHeaders = {
    [DeadLetterHeader.stage]: letter.stage,
    [DeadLetterHeader.errorClass]: letter.errorClass,
    [DeadLetterHeader.errorMessage]: letter.reason.slice(0, MAX_HEADER_CHARS),
    [DeadLetterHeader.failedAt]: now.toISOString(),
  };
  if (letter.original) {
    headers[DeadLetterHeader.originalTopic] = letter.original.topic;
    headers[DeadLetterHeader.originalPartition] = String(letter.original.partition);
    headers[DeadLetterHeader.originalOffset] = letter.original.offset;
    if (letter.original.timestamp) headers[DeadLetterHeader.originalTimestamp] = letter.original.timestamp;
  }
  if (letter.origin) headers[DeadLetterHeader.origin] = letter.origin;
  if (letter.input) {
    headers[DeadLetterHeader.inputFormat] = letter.input.format;
    headers[DeadLetterHeader.csvHeader] = letter.input.header;
  }
  return { key: letter.key, value: letter.value, headers };
}

export function readDeadLetterHeaders(headers: IHeaders | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v === undefined) continue;
    out[k] = Array.isArray(v) ? v.map(String).join(',') : String(v);
  }
  return out;
}

export interface DeadLetterWriter {
  send(letters: readonly DeadLetter[]): Promise<void>;
}

export function createDeadLetterWriter(producer: Producer, topic: string, counter?: Counter): DeadLetterWriter {
  return {
    async send(letters) {
      if (letters.length === 0) return;
      await producer.send({ topic, messages: letters.map((l) => deadLetterMessage(l)), compression: CompressionTypes.GZIP });
      for (const l of letters) counter?.inc({ stage: l.stage, error: l.errorClass });
    },
  };
}
