import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { Contract, loadSchemaText } from '../../src/contracts/avro.ts';
import { firstInvalidUtf8String, holdsReplacementChar } from '../../src/schemas/strict-utf8.ts';

const tweetSchema = JSON.parse(loadSchemaText(Contract.tweet)) as { fields: Array<{ name: string; type: unknown }> };
const tweetType = avro.Type.forSchema(tweetSchema as avro.Schema);
/** The same layout with `text` as bytes, to write bytes that are not UTF-8. */
const bytesText = avro.Type.forSchema({
  ...tweetSchema,
  fields: tweetSchema.fields.map((f) => (f.name === 'text' ? { ...f, type: 'bytes' } : f)),
} as avro.Schema);
const tweet = (text: unknown) => ({
  id: '1',
  text,
  created_at: 1_600_000_000_000,
  author: { id: 'a', handle: 'h' },
  lang: 'en',
  source: 'file',
  hashtags: ['a', 'b'],
  metrics: null,
  ingested_at: 0,
});

test('a tweet that really holds U+FFFD is valid UTF-8', () => {
  const body = tweetType.toBuffer(tweet('a real \uFFFD here'));
  assert.equal(firstInvalidUtf8String(tweetType.schema(), body), null);
  assert.equal(holdsReplacementChar(tweetType.fromBuffer(body)), true);
});

test('invalid bytes in a string field are found with the field path', () => {
  const body = bytesText.toBuffer(tweet(Buffer.from([0x68, 0x69, 0xff, 0xfe])));
  assert.equal(firstInvalidUtf8String(tweetType.schema(), body), 'text');
  assert.equal(holdsReplacementChar(tweetType.fromBuffer(body)), true, 'avsc decodes them leniently to U+FFFD');
});

test('the walk follows unions, arrays, maps and named references', () => {
  const schema = {
    type: 'record',
    name: 'R',
    namespace: 'n',
    fields: [
      { name: 'inner', type: { type: 'record', name: 'I', fields: [{ name: 's', type: 'string' }] } },
      { name: 'again', type: 'I' },
      { name: 'opt', type: ['null', 'string'] },
      { name: 'tags', type: { type: 'array', items: 'string' } },
      { name: 'scores', type: { type: 'map', values: 'double' } },
    ],
  };
  const good = avro.Type.forSchema(schema as avro.Schema);
  const value = { inner: { s: 'x' }, again: { s: 'y' }, opt: 'z', tags: ['a', 'b'], scores: { k: 1 } };
  assert.equal(firstInvalidUtf8String(good.schema(), good.toBuffer(value)), null);
  const broken = good.toBuffer({ ...value, tags: ['a', 'B'] });
  broken[broken.lastIndexOf(0x42)] = 0xff;
  assert.equal(firstInvalidUtf8String(good.schema(), broken), 'tags[1]');
});
