import { randomBytes } from 'node:crypto';
import avro from 'avsc';
import type { Message } from 'kafkajs';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';

/**
 * Records that must never crash a consumer, in the kinds the reliability issue names:
 * garbage bytes, an unknown schema id, the wrong types for the subject, a 1 MB text and
 * invalid UTF-8. Each is keyed so tests can tell them apart.
 */
export type PoisonKind = 'garbage' | 'unknown-schema' | 'wrong-types' | 'huge-text' | 'invalid-utf8';

const wire = (schemaId: number, body: Buffer) => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, body]);
};

/** The tweet schema with `text` as bytes: same binary layout as string, so any bytes fit. */
function tweetWithBytesText(): avro.Type {
  const schema = JSON.parse(loadSchemaText(Contract.tweet)) as { fields: Array<{ name: string; type: unknown }> };
  schema.fields = schema.fields.map((f) => (f.name === 'text' ? { ...f, type: 'bytes' } : f));
  return avro.Type.forSchema(schema as avro.Schema);
}

export function poisonRecords(kind: PoisonKind, count: number, tweetSchemaId: number, otherSchemaId: number): Message[] {
  const bytesType = tweetWithBytesText();
  const tweet = (i: number, text: Buffer) =>
    bytesType.toBuffer({
      id: `p-${kind}-${i}`,
      text,
      created_at: Date.now(),
      author: { id: 'x', handle: 'x' },
      lang: null,
      source: 'poison',
      hashtags: [],
      metrics: null,
      ingested_at: Date.now(),
    });
  const value: Record<PoisonKind, (i: number) => Buffer> = {
    garbage: () => Buffer.concat([Buffer.from([0x7b]), randomBytes(40)]),
    'unknown-schema': (i) => wire(2_000_000_000 + i, randomBytes(30)),
    'wrong-types': (i) =>
      wire(otherSchemaId, avro.Type.forSchema({ type: 'record', name: 'Other', fields: [{ name: 'n', type: 'int' }] }).toBuffer({ n: i })),
    'huge-text': (i) => wire(tweetSchemaId, tweet(i, Buffer.from('covid '.repeat(170_000)))),
    'invalid-utf8': (i) => wire(tweetSchemaId, tweet(i, Buffer.from([0x68, 0x69, 0xff, 0xfe, 0xfd, 0x20, 0x6f, 0x6b]))),
  };
  return Array.from({ length: count }, (_, i) => ({ key: `p-${kind}-${i}`, value: value[kind](i) }));
}
