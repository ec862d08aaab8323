import avro from 'avsc';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { MAX_JSON_DEPTH, MAX_LINE_BYTES, MAX_TEXT_LENGTH } from '../../src/contracts/limits.ts';
import { mulberry32 } from '../../src/nlp/train/seeded-random.ts';

/**
 * Seeded generators of hostile input for every stage's door: JSONL lines and CSV rows for the
 * producer, Avro records for the classifier (tweets.raw) and the sink (tweets.classified).
 * Each case says whether it is valid, so a test can demand exactly one row for each valid case
 * and exactly one dead letter, holding `bytes`, for each invalid one. Same seed, same cases.
 */
export type Rng = () => number;

/** Deterministic per seed (mulberry32). */
export const seeded: (seed: number) => Rng = mulberry32;

const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;

/** Pieces of real-world and adversarial text: all valid Unicode, all must survive to MySQL as they are. */
const PIECES = [
  'booster',
  'lockdown',
  'masks',
  'Ça va',
  'naïve',
  'e\u0301',
  '漢字テスト',
  'مرحبا بالعالم',
  'שלום',
  '\u{1F600}',
  '\u{1F637}',
  '\u{1F1FA}\u{1F1F8}',
  '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
  '\u{1F44D}\u{1F3FD}',
  '\uFFFD',
  '\u200B',
  '\u202E',
  '\t',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  "'; DROP TABLE classifications; --",
  '" OR 1=1 --',
  '\\',
  '\\u0000',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a Log4Shell probe; the hostile input is the literal text ${...}
  '${jndi:ldap://x}',
  '%s%n',
  '../../etc/passwd',
  '#covid',
  '@someone',
  'https://example.com/?q=<b>',
  '\u00A0',
  '𝕳𝖊𝖑𝖑𝖔',
];

export function randomText(rng: Rng, maxPieces = 40): string {
  const n = int(rng, 1, maxPieces);
  let text = '';
  for (let i = 0; i < n; i++) text += (i ? ' ' : '') + pick(rng, PIECES);
  return `word ${text}`.trim();
}

const DAY = 86_400_000;
const randomTime = (rng: Rng) => Date.UTC(2006, 2, 22) + Math.floor(rng() * (Date.now() - DAY - Date.UTC(2006, 2, 22)));
const isoVariants = (ms: number, rng: Rng) => {
  const iso = new Date(ms).toISOString();
  return pick(rng, [iso, iso.replace('.000Z', 'Z'), iso.replace(/\.\d{3}Z$/, '+00:00'), new Date(ms).toISOString().replace('Z', '+00:00')]);
};

export interface LineCase {
  readonly kind: string;
  readonly valid: boolean;
  /** The bytes of the line, without its newline. */
  readonly bytes: Buffer;
  /** The post id a valid case must end as a row under. */
  readonly id?: string;
}

export function validPostValue(rng: Rng, id: string): Record<string, unknown> {
  const post: Record<string, unknown> = {
    id,
    text: rng() < 0.05 ? '\u{1F637}'.repeat(MAX_TEXT_LENGTH) : randomText(rng),
    created_at: isoVariants(randomTime(rng), rng),
    author: { id: `a${int(rng, 1, 999)}`, handle: pick(rng, ['ann', 'bob_ü', '\u{1F600}fan', 'x'.repeat(40)]) },
  };
  if (rng() < 0.5) post.lang = pick(rng, ['en', 'de', 'ja', 'qme', 'und', null]);
  if (rng() < 0.5) post.hashtags = [pick(rng, ['covid', 'vaccine', '疫苗']), pick(rng, ['masks', ''])];
  if (rng() < 0.3) post.metrics = { like_count: int(rng, 0, 1e6), retweet_count: 0 };
  if (rng() < 0.1) Object.assign(post, { constructor: 'x' });
  return post;
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');
const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];

/** One invalid JSONL line of a random kind. Never holds a raw newline byte. */
function invalidLine(rng: Rng, id: string): LineCase {
  const base = validPostValue(rng, id);
  const kinds: Array<() => [string, Buffer]> = [
    () => {
      const d = pick(rng, [MAX_JSON_DEPTH + 1, 1000, 5000, 20_000]);
      return ['deep-array', Buffer.from('['.repeat(d) + ']'.repeat(d))];
    },
    () => ['deep-in-post', Buffer.from(JSON.stringify(base).replace(/}$/, `,"x":${'['.repeat(200)}${']'.repeat(200)}}`))],
    () => ['deep-object', Buffer.from(`${'{"a":'.repeat(3000)}1${'}'.repeat(3000)}`)],
    () => {
      const [head, tail] = JSON.stringify({ ...base, text: 'BROKEN' }).split('BROKEN') as [string, string];
      return ['invalid-utf8', Buffer.concat([Buffer.from(`${head}ok `), Buffer.from(pick(rng, INVALID_UTF8)), Buffer.from(tail)])];
    },
    () => {
      const s = JSON.stringify(base);
      return ['truncated-json', Buffer.from(s.slice(0, int(rng, 1, s.length - 2)))];
    },
    () => ['not-an-object', Buffer.from(pick(rng, ['42', 'null', '"just a string"', '[]', 'true', '[{"id":"1"}]']))],
    () => ['bad-id', json({ ...base, id: pick(rng, ['a b', '', 'x'.repeat(65), 'ü', '../x']) })],
    () => ['numeric-id', json({ ...base, id: 12345 })],
    () => ['empty-text', json({ ...base, text: pick(rng, ['', '   ', '\n\t']) })],
    () => ['missing-text', json({ ...base, text: undefined })],
    () => ['text-over-limit', json({ ...base, text: 'y'.repeat(MAX_TEXT_LENGTH + int(rng, 1, 50)) })],
    () => ['emoji-over-limit', json({ ...base, text: '\u{1F600}'.repeat(MAX_TEXT_LENGTH + 1) })],
    () => [
      'lone-surrogate',
      Buffer.from(
        JSON.stringify({ ...base, text: 'LONE' }).replace('LONE', `half ${pick(rng, ['\\ud800', '\\udfff', '\\ud83d x'])} a pair`),
      ),
    ],
    () => ['year-0000', json({ ...base, created_at: '0000-01-01T00:00:00Z' })],
    () => ['year-0001', json({ ...base, created_at: '0001-01-01T00:00:00Z' })],
    () => ['before-x', json({ ...base, created_at: pick(rng, ['1970-01-01T00:00:00Z', '2006-03-20T23:59:59Z']) })],
    () => ['year-3000', json({ ...base, created_at: '3000-01-01T00:00:00Z' })],
    () => ['year-9999', json({ ...base, created_at: '9999-12-31T23:59:59Z' })],
    () => ['tomorrow', json({ ...base, created_at: new Date(Date.now() + DAY).toISOString() })],
    () => ['not-a-date', json({ ...base, created_at: pick(rng, ['yesterday', '2021-13-01T00:00:00Z', '1616000000', '']) })],
    () => ['wrong-types', json({ ...base, author: pick(rng, ['ann', null, { id: 1 }]), hashtags: 'covid' })],
    () => ['huge-number', Buffer.from(JSON.stringify(base).replace(/}$/, ',"metrics":{"like_count":1e400}}'))],
    () => ['negative-metric', json({ ...base, metrics: { like_count: -1 } })],
  ];
  if (rng() < 0.02) return { kind: 'over-line-limit', valid: false, bytes: json({ ...base, text: 'z'.repeat(MAX_LINE_BYTES + 10) }) };
  const [kind, bytes] = pick(rng, kinds)();
  return { kind, valid: false, bytes };
}

/** `count` JSONL lines, about `invalidShare` of them invalid, ids prefixed so runs never collide. */
export function jsonlCases(rng: Rng, count: number, prefix: string, invalidShare = 0.5): LineCase[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${i}`;
    if (rng() < invalidShare) return invalidLine(rng, id);
    const bytes = json(validPostValue(rng, id));
    // A literal "__proto__" key: JSON.parse makes it an own property, which must stay harmless.
    if (rng() < 0.1)
      return {
        kind: 'valid-proto-key',
        valid: true,
        bytes: Buffer.concat([bytes.subarray(0, -1), Buffer.from(',"__proto__":{"id":"polluted"}}')]),
        id,
      };
    return { kind: 'valid', valid: true, bytes, id };
  });
}

/** The lines joined as one JSONL input; blank lines and CRLF endings sprinkled in (they carry no case). */
export function jsonlInput(rng: Rng, cases: readonly LineCase[]): { input: Buffer; lineOf: number[] } {
  const parts: Buffer[] = [];
  const lineOf: number[] = [];
  let line = 0;
  for (const c of cases) {
    if (rng() < 0.05) {
      parts.push(Buffer.from('\n'));
      line++;
    }
    parts.push(c.bytes, Buffer.from(rng() < 0.2 ? '\r\n' : '\n'));
    lineOf.push(++line);
  }
  return { input: Buffer.concat(parts), lineOf };
}

export const CSV_HEADER = 'id,text,created_at,author_id,author_handle,lang';

const csvField = (value: string) => (/[",\n\r]/.test(value) || value.startsWith(' ') ? `"${value.replace(/"/g, '""')}"` : value);

/** CSV rows after the header: valid rows with quoting, commas and newlines in text; invalid ones of several kinds. */
export function csvCases(rng: Rng, count: number, prefix: string): LineCase[] {
  return Array.from({ length: count }, (_, i) => {
    const id = `${prefix}${i}`;
    const fields = [
      id,
      randomText(rng, 10) + (rng() < 0.3 ? ', with "quotes"\nand a newline' : ''),
      new Date(randomTime(rng)).toISOString(),
      'a1',
      'ann',
      'en',
    ];
    const row = (f: string[]) => Buffer.from(f.map(csvField).join(','), 'utf8');
    const roll = rng();
    if (roll < 0.55) return { kind: 'valid', valid: true, bytes: row(fields), id };
    if (roll < 0.65) return { kind: 'csv-field-count', valid: false, bytes: row(fields.slice(0, 4)) };
    if (roll < 0.75)
      return {
        kind: 'csv-invalid-utf8',
        valid: false,
        bytes: Buffer.concat([
          row(fields.slice(0, 1)),
          Buffer.from(',bad '),
          Buffer.from(pick(rng, INVALID_UTF8)),
          Buffer.from(','),
          row(fields.slice(2)),
        ]),
      };
    if (roll < 0.85) return { kind: 'csv-year-9999', valid: false, bytes: row([id, fields[1]!, '9999-12-31T00:00:00Z', 'a', 'b', 'en']) };
    if (roll < 0.95) return { kind: 'csv-empty-text', valid: false, bytes: row([id, ' ', fields[2]!, 'a', 'b', 'en']) };
    return { kind: 'csv-bad-id', valid: false, bytes: row(['a b', ...fields.slice(1)]) };
  });
}

/** Header and rows as one CSV file, with the line each row starts on. */
export function csvInput(cases: readonly LineCase[]): { input: Buffer; lineOf: number[] } {
  const lineOf: number[] = [];
  let line = 1;
  const parts: Buffer[] = [Buffer.from(`${CSV_HEADER}\n`)];
  for (const c of cases) {
    lineOf.push(++line);
    line += c.bytes.filter((b) => b === 0x0a).length;
    parts.push(c.bytes, Buffer.from('\n'));
  }
  return { input: Buffer.concat(parts), lineOf };
}

/** Confluent wire format: magic 0, 4-byte schema id, Avro body. */
export const wire = (schemaId: number, body: Buffer) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
};

/** A schema with every string field made bytes: same binary layout, so any bytes fit. */
function stringsAsBytes(contract: Contract, fields: readonly string[]): avro.Type {
  const schema = JSON.parse(loadSchemaText(contract)) as { fields: Array<{ name: string; type: unknown }> };
  return avro.Type.forSchema({
    ...schema,
    fields: schema.fields.map((f) => (fields.includes(f.name) ? { ...f, type: 'bytes' } : f)),
  } as avro.Schema);
}

export interface RecordCase {
  readonly kind: string;
  readonly valid: boolean;
  readonly key: string;
  readonly value: Buffer;
}

/** Records for tweets.raw, as the classifier meets them. `schemaId` is the tweet schema's id in the registry. */
export function tweetRecordCases(rng: Rng, count: number, prefix: string, schemaId: number): RecordCase[] {
  const type = avro.Type.forSchema(JSON.parse(loadSchemaText(Contract.tweet)) as avro.Schema);
  const bytesText = stringsAsBytes(Contract.tweet, ['text']);
  const tweet = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    text: randomText(rng),
    created_at: randomTime(rng),
    author: { id: 'a', handle: 'h' },
    lang: 'en',
    source: 'x',
    hashtags: [],
    metrics: null,
    ingested_at: Date.now(),
    ...over,
  });
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}${i}`;
    const encode = (over: Record<string, unknown> = {}) => wire(schemaId, type.toBuffer(tweet(key, over)));
    const kinds: Array<() => [string, boolean, Buffer]> = [
      () => ['valid', true, encode()],
      () => ['valid-fffd', true, encode({ text: 'a real \uFFFD in the text' })],
      () => ['valid-emoji', true, encode({ text: '\u{1F637}'.repeat(3000) })],
      () => ['garbage', false, Buffer.from(Array.from({ length: int(rng, 0, 60) }, () => int(rng, 0, 255)))],
      () => ['json-not-avro', false, Buffer.from(JSON.stringify(tweet(key)))],
      () => ['unknown-schema-id', false, wire(1_900_000_000 + i, type.toBuffer(tweet(key)))],
      () => {
        const b = encode();
        return ['truncated-avro', false, b.subarray(0, int(rng, 6, b.length - 20))];
      },
      () => [
        'invalid-utf8',
        false,
        wire(schemaId, bytesText.toBuffer(tweet(key, { text: Buffer.concat([Buffer.from('hi '), Buffer.from(pick(rng, INVALID_UTF8))]) }))),
      ],
      () => ['year-9999', false, encode({ created_at: Date.parse('9999-12-31T00:00:00Z') })],
      () => ['year-0001', false, encode({ created_at: Date.parse('0001-01-01T00:00:00Z') })],
      () => ['empty-text', false, encode({ text: '  ' })],
      () => ['bad-id', false, encode({ id: 'a b' })],
      () => ['text-over-limit', false, encode({ text: 'q'.repeat(MAX_TEXT_LENGTH + 1) })],
    ];
    const [kind, valid, value] = rng() < 0.35 ? kinds[0]!() : pick(rng, kinds)();
    return { kind, valid, key, value };
  });
}

/** Records for tweets.classified, as the sink meets them. `schemaId` is the classification schema's id. */
export function classificationRecordCases(rng: Rng, count: number, prefix: string, schemaId: number): RecordCase[] {
  const type = avro.Type.forSchema(JSON.parse(loadSchemaText(Contract.classification)) as avro.Schema);
  const bytesText = stringsAsBytes(Contract.classification, ['text']);
  const record = (id: string, over: Record<string, unknown> = {}) => ({
    tweet_id: id,
    text: randomText(rng, 20),
    author_id: 'a',
    author_handle: 'h',
    lang: 'en',
    source: 'x',
    created_at: randomTime(rng),
    classified_at: Date.now(),
    sentiment: { label: 'neutral', score: 0.5 },
    topic: { label: 'other', score: 0.1, top: [{ topic: 'other', score: 0.1 }] },
    model: { encoder: 'e', encoder_version: '1', sentiment_model: 's', topic_model: 't' },
    model_latency_ms: 1,
    pipeline_latency_ms: 2,
    schema_version: 2,
    language: 'en',
    topic_scores: { other: 0.1 },
    ...over,
  });
  return Array.from({ length: count }, (_, i) => {
    const key = `${prefix}${i}`;
    const encode = (over: Record<string, unknown> = {}) => wire(schemaId, type.toBuffer(record(key, over)));
    const kinds: Array<() => [string, boolean, Buffer]> = [
      () => ['valid', true, encode()],
      () => ['valid-unicode', true, encode({ text: 'ok \uFFFD \u{1F1FA}\u{1F1F8} <b>x</b>', author_handle: '\u{1F600}' })],
      () => ['garbage', false, Buffer.from(Array.from({ length: int(rng, 0, 40) }, () => int(rng, 0, 255)))],
      () => ['unknown-schema-id', false, wire(1_900_000_000 + i, type.toBuffer(record(key)))],
      () => {
        const b = encode();
        return ['truncated-avro', false, b.subarray(0, int(rng, 6, b.length - 10))];
      },
      () => ['invalid-utf8', false, wire(schemaId, bytesText.toBuffer(record(key, { text: Buffer.from([0x41, 0xff, 0x42]) })))],
      () => ['year-9999', false, encode({ created_at: Date.parse('9999-12-31T00:00:00Z') })],
      () => ['year-0000', false, encode({ created_at: Date.parse('0000-01-01T00:00:00Z') })],
      () => ['id-too-long-for-mysql', false, encode({ tweet_id: `${key}-${'x'.repeat(300)}` })], // the column is VARCHAR(255)
    ];
    const [kind, valid, value] = rng() < 0.35 ? kinds[0]!() : pick(rng, kinds)();
    return { kind, valid, key, value };
  });
}
