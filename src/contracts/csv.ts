import { lineToItem } from './input-line.ts';
import { decodeUtf8, MAX_LINE_BYTES } from './limits.ts';
import type { SourceItem } from './post-input.ts';

/**
 * RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines. Yields one record
 * (array of fields) at a time with the line number it started on and where it lies in the
 * text (`start` to `end`, without the line break).
 */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  readonly start: number;
  readonly end: number;
}

export function* parseCsv(text: string): Generator<CsvRecord> {
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let sawAny = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      sawAny = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      sawAny = true;
    } else if (c === '\n' || c === '\r') {
      const end = i;
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (sawAny || field !== '') yield { fields: [...fields, field], line: startLine, start, end };
      start = i + 1;
      fields = [];
      field = '';
      sawAny = false;
      line++;
      startLine = line;
    } else {
      field += c;
      sawAny = true;
    }
  }
  if (sawAny || field !== '') yield { fields: [...fields, field], line: startLine, start, end: text.length };
}

export interface CsvBytesRecord {
  /** The fields as text; null when the row is not valid UTF-8. */
  readonly fields: string[] | null;
  readonly line: number;
  /** The row's bytes as they are in the input. */
  readonly raw: Buffer;
}

/**
 * CSV from bytes. Parsed as Latin-1, where every byte is one character, so quotes, commas and
 * line breaks (all ASCII) split rows exactly as in UTF-8 and each row keeps its byte range;
 * then each field is decoded strictly as UTF-8.
 */
export function* parseCsvBytes(bytes: Buffer): Generator<CsvBytesRecord> {
  for (const record of parseCsv(bytes.toString('latin1'))) {
    const decoded = record.fields.map((f) => decodeUtf8(Buffer.from(f, 'latin1')));
    const fields = decoded.every((f): f is string => f !== null) ? decoded : null;
    yield { fields, line: record.line, raw: bytes.subarray(record.start, record.end) };
  }
}

/** Maps a CSV row with a header onto a PostInput-shaped object. */
export function csvRowToPost(header: readonly string[], fields: readonly string[]): Record<string, unknown> {
  const get = (name: string) => {
    const i = header.indexOf(name);
    return i >= 0 ? fields[i] : undefined;
  };
  const hashtags = get('hashtags');
  return {
    id: get('id'),
    text: get('text'),
    created_at: get('created_at'),
    author: { id: get('author_id'), handle: get('author_handle') ?? get('author_id') },
    lang: get('lang') || null,
    hashtags: hashtags ? hashtags.split(/[\s;|]+/).filter(Boolean) : undefined,
  };
}

/** One CSV data row as an item; the same rules as `dlq replay` applies to a CSV row's letter. */
export function csvRowItem(header: readonly string[], record: CsvBytesRecord, origin: string): SourceItem {
  if (record.raw.length > MAX_LINE_BYTES)
    return lineToItem(record.raw.subarray(0, MAX_LINE_BYTES), origin, record.raw.length - MAX_LINE_BYTES);
  if (record.fields === null) return { kind: 'unparsable', raw: record.raw, reason: 'CSV row is not valid UTF-8', origin };
  if (record.fields.length !== header.length) {
    return {
      kind: 'unparsable',
      raw: record.raw,
      reason: `CSV row has ${record.fields.length} fields, header has ${header.length}`,
      origin,
    };
  }
  return { kind: 'post', value: csvRowToPost(header, record.fields), origin, raw: record.raw };
}
