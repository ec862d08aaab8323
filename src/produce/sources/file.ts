import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Source, SourceItem } from '../post-input.ts';
import { csvRowToPost, parseCsv } from '../csv.ts';
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
  return readJsonLines(createReadStream(path, { encoding: 'utf8' }), `file:${path}`);
}

/** JSONL from any stream (a file or stdin). Blank lines are skipped; bad JSON is reported, not thrown. */
export async function* readJsonLines(stream: Readable, originPrefix: string): AsyncIterable<SourceItem> {
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim() === '') continue;
    const origin = `${originPrefix}:${n}`;
    try {
      yield { kind: 'post', value: JSON.parse(line), origin };
    } catch (error) {
      yield { kind: 'unparsable', raw: line, reason: `not valid JSON: ${(error as Error).message}`, origin };
    }
  }
}

async function* readCsv(path: string): AsyncIterable<SourceItem> {
  let header: string[] | undefined;
  for (const record of parseCsv(await readFile(path, 'utf8'))) {
    if (!header) {
      header = record.fields.map((f) => f.trim());
      continue;
    }
    const origin = `file:${path}:${record.line}`;
    if (record.fields.length !== header.length) {
      yield { kind: 'unparsable', raw: record.fields.join(','), reason: `CSV row has ${record.fields.length} fields, header has ${header.length}`, origin };
      continue;
    }
    yield { kind: 'post', value: csvRowToPost(header, record.fields), origin };
  }
}

async function* readTwitterPage(path: string): AsyncIterable<SourceItem> {
  const text = await readFile(path, 'utf8');
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch (error) {
    yield { kind: 'unparsable', raw: text.slice(0, 10_000), reason: `not valid JSON: ${(error as Error).message}`, origin: `file:${path}` };
    return;
  }
  if (!isTweetsPage(page)) {
    yield { kind: 'unparsable', raw: text.slice(0, 10_000), reason: 'expected an X API v2 response with a "data" array', origin: `file:${path}` };
    return;
  }
  let i = 0;
  for (const post of postsFromTweetsPage(page)) yield { kind: 'post', value: post, origin: `file:${path}#data[${i++}]` };
}

function withPassSuffix(item: SourceItem, pass: number): SourceItem {
  if (item.kind !== 'post' || typeof item.value !== 'object' || item.value === null) return item;
  const value = item.value as Record<string, unknown>;
  if (typeof value.id !== 'string') return item;
  return { ...item, value: { ...value, id: `${value.id}-r${pass}` } };
}
