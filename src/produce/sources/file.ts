import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { csvRowItem, parseCsvBytes } from '../../contracts/csv.ts';
import { readJsonLines } from '../../contracts/input-line.ts';
import { decodeUtf8, MAX_LINE_BYTES, parseJsonLimited } from '../../contracts/limits.ts';
import type { InputFraming, SourceItem } from '../../contracts/post-input.ts';
import type { Source } from '../source.ts';
import { isTweetsPage, postsFromTweetsPage } from '../twitter-v2.ts';

/**
 * Posts from a file: JSONL (one post per line), CSV with a header row
 * (id,text,created_at,author_id,author_handle,lang[,hashtags]) or a saved X API v2 response
 * (`{"data":[...],"includes":{...}}`). `loop` replays the file; from the second pass on, ids
 * get a `-r<pass>` suffix so each pass adds new posts rather than replaying the same ones.
 */
export const FILE_FORMATS = ['auto', 'jsonl', 'csv', 'twitter-v2'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export interface FileSourceOptions {
  readonly path: string;
  readonly format: FileFormat;
  readonly loop: boolean;
}

export function detectFormat(path: string): Exclude<FileFormat, 'auto'> {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'twitter-v2';
  return 'jsonl';
}

export function createFileSource(options: FileSourceOptions): Source {
  const format = options.format === 'auto' ? detectFormat(options.path) : options.format;
  return {
    name: 'file',
    async *items(signal) {
      for (let pass = 1; !signal.aborted; pass++) {
        for await (const item of readOnce(options.path, format)) {
          if (signal.aborted) return;
          yield pass === 1 ? item : withPassSuffix(item, pass);
        }
        if (!options.loop) return;
      }
    },
  };
}

function readOnce(path: string, format: Exclude<FileFormat, 'auto'>): AsyncIterable<SourceItem> {
  if (format === 'csv') return readCsv(path);
  if (format === 'twitter-v2') return readTwitterPage(path);
  return readJsonLines(createReadStream(path), `file:${path}`);
}

export { readJsonLines };

const MAX_CSV_HEADER_BYTES = 2_000;

/** CSV rows as items; each keeps its own bytes (the row as it is in the file) for a dead letter. */
async function* readCsv(path: string): AsyncIterable<SourceItem> {
  let header: string[] | undefined;
  let input: InputFraming | undefined;
  for (const record of parseCsvBytes(await readFile(path))) {
    const origin = `file:${path}:${record.line}`;
    if (!header) {
      if (record.fields === null) {
        yield { kind: 'unparsable', raw: record.raw, reason: 'CSV header row is not valid UTF-8', origin };
        return;
      }
      header = record.fields.map((f) => f.trim());
      // Carried in every letter's headers, so only a header row of ordinary size.
      input = record.raw.length <= MAX_CSV_HEADER_BYTES ? { format: 'csv', header: record.raw.toString('utf8') } : undefined;
      continue;
    }
    const item = csvRowItem(header, record, origin);
    yield item.kind === 'delete' ? item : { ...item, input };
  }
}

/**
 * A saved X API v2 page. The page as a whole is strictly decoded and depth-checked; a tweet of
 * it has no bytes of its own, so its dead letter holds the tweet object as JSON.
 */
async function* readTwitterPage(path: string): AsyncIterable<SourceItem> {
  const bytes = await readFile(path);
  const origin = `file:${path}`;
  const head = bytes.subarray(0, MAX_LINE_BYTES);
  const text = decodeUtf8(bytes);
  if (text === null) {
    yield { kind: 'unparsable', raw: head, reason: 'file is not valid UTF-8', origin };
    return;
  }
  const parsed = parseJsonLimited(text);
  if (!parsed.ok) {
    yield { kind: 'unparsable', raw: head, reason: parsed.reason, origin };
    return;
  }
  if (!isTweetsPage(parsed.value)) {
    yield { kind: 'unparsable', raw: head, reason: 'expected an X API v2 response with a "data" array', origin };
    return;
  }
  let i = 0;
  for (const post of postsFromTweetsPage(parsed.value)) yield { kind: 'post', value: post, origin: `${origin}#data[${i++}]` };
}

function withPassSuffix(item: SourceItem, pass: number): SourceItem {
  if (item.kind !== 'post' || typeof item.value !== 'object' || item.value === null) return item;
  const value = item.value as Record<string, unknown>;
  if (typeof value.id !== 'string') return item;
  return { ...item, value: { ...value, id: `${value.id}-r${pass}` } };
}
