/**
 * One line of line-oriented input (JSONL files, stdin, stream payloads) from its bytes to a
 * SourceItem, behind the input limits: size, UTF-8 (checked on the bytes, strictly), JSON
 * depth (checked on the text, before parsing). The item keeps the bytes, so a dead letter
 * holds exactly what arrived.
 */
import type { Readable } from 'node:stream';
import { decodeUtf8, MAX_LINE_BYTES, parseJsonLimited } from './limits.ts';
import type { SourceItem } from './post-input.ts';

export function lineToItem(bytes: Buffer, origin: string, overLimitBy = 0): SourceItem {
  if (overLimitBy > 0) {
    const size = bytes.length + overLimitBy;
    return {
      kind: 'unparsable',
      raw: bytes,
      reason: `line is ${size} bytes, over the ${MAX_LINE_BYTES} byte limit (the dead letter holds its first ${bytes.length})`,
      origin,
    };
  }
  const text = decodeUtf8(bytes);
  if (text === null) return { kind: 'unparsable', raw: bytes, reason: 'line is not valid UTF-8', origin };
  const parsed = parseJsonLimited(text);
  if (!parsed.ok) return { kind: 'unparsable', raw: bytes, reason: parsed.reason, origin };
  return { kind: 'post', value: parsed.value, origin, raw: bytes };
}

export interface RawLine {
  /** The line's bytes without its `\n` / `\r\n`, cut at `maxBytes`. */
  readonly bytes: Buffer;
  /** 1-based line number. */
  readonly number: number;
  /** Bytes dropped past `maxBytes` (0 when the line fit). */
  readonly overLimitBy: number;
}

/** Splits a byte stream into lines without decoding it; memory stays under `maxBytes` per line. */
export async function* splitLines(stream: Readable, maxBytes = MAX_LINE_BYTES): AsyncIterable<RawLine> {
  let parts: Buffer[] = [];
  let kept = 0;
  let dropped = 0;
  let number = 0;
  const take = (chunk: Buffer) => {
    const room = maxBytes - kept;
    if (chunk.length <= room) {
      parts.push(chunk);
      kept += chunk.length;
    } else {
      if (room > 0) parts.push(chunk.subarray(0, room));
      kept += Math.max(0, room);
      dropped += chunk.length - Math.max(0, room);
    }
  };
  const finish = (): RawLine => {
    let bytes = Buffer.concat(parts);
    if (dropped === 0 && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    const line = { bytes, number: ++number, overLimitBy: dropped };
    parts = [];
    kept = 0;
    dropped = 0;
    return line;
  };
  for await (const chunk of stream) {
    let buffer = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : (chunk as Buffer);
    for (let nl = buffer.indexOf(0x0a); nl >= 0; nl = buffer.indexOf(0x0a)) {
      take(buffer.subarray(0, nl));
      yield finish();
      buffer = buffer.subarray(nl + 1);
    }
    if (buffer.length > 0) take(buffer);
  }
  if (kept > 0 || dropped > 0) yield finish();
}

const isBlank = (bytes: Buffer) => bytes.every((b) => b === 0x20 || b === 0x09 || b === 0x0d);

/** JSONL from any byte stream (a file or stdin). Blank lines are skipped; bad lines become unparsable items. */
export async function* readJsonLines(stream: Readable, originPrefix: string): AsyncIterable<SourceItem> {
  for await (const line of splitLines(stream)) {
    if (line.overLimitBy === 0 && isBlank(line.bytes)) continue;
    yield lineToItem(line.bytes, `${originPrefix}:${line.number}`, line.overLimitBy);
  }
}
