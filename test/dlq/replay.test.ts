import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import type { StoredLetter } from '../../src/dlq/read.ts';
import { planReplay } from '../../src/dlq/replay.ts';
import { DeadLetterHeader } from '../../src/kafka/dead-letter.ts';

/** Replay planning on stored letters: producer letters hold the bytes that arrived and go through the producer's own checks again. */
const encoded: PostRecord[] = [];
const serializer = {
  schemaId: 1,
  subject: 's',
  encode: async (r: PostRecord) => {
    encoded.push(r);
    return Buffer.from(r.id);
  },
};
let offset = 0;
const producerLetter = (value: Buffer): StoredLetter => ({
  topic: 'raw.dlq',
  partition: 0,
  offset: String(offset++),
  key: null,
  value,
  headers: { [DeadLetterHeader.stage]: 'produce', [DeadLetterHeader.origin]: 'stdin:1' },
});
const post = (extra: Record<string, unknown> = {}) =>
  Buffer.from(
    JSON.stringify({ id: 'p1', text: 'fixed \uFFFD text', created_at: '2021-01-01T00:00:00Z', author: { id: 'a', handle: 'h' }, ...extra }),
  );

test('producer letters are checked like fresh input: depth, UTF-8, JSON, the post contract and plausible time', async () => {
  const letters = [
    producerLetter(Buffer.from('['.repeat(5000) + ']'.repeat(5000))),
    producerLetter(Buffer.concat([Buffer.from('{"id":"x","text":"'), Buffer.from([0xff]), Buffer.from('"}')])),
    producerLetter(post({ created_at: '9999-01-01T00:00:00Z' })),
    producerLetter(post()),
  ];
  const plan = await planReplay(letters, { rawTopic: 'raw', serializer });
  assert.deepEqual(
    plan.stillInvalid.map((s) => s.reason.replace(/ \d{4}-.*/, '')),
    ['JSON nests deeper than 64 levels', 'line is not valid UTF-8', 'created_at'],
  );
  assert.equal(plan.resend.length, 1);
  assert.equal(encoded.at(-1)?.text, 'fixed \uFFFD text', 'a real U+FFFD survives the replay');
});

test('Kafka-origin letters go back with exactly their bytes and key', async () => {
  const value = Buffer.from([0, 0, 0, 0, 7, 0xff, 0xfe]);
  const letter: StoredLetter = {
    topic: 'raw.dlq',
    partition: 2,
    offset: '9',
    key: Buffer.from('k'),
    value,
    headers: { [DeadLetterHeader.originalTopic]: 'raw' },
  };
  const plan = await planReplay([letter], { rawTopic: 'raw', serializer });
  assert.equal(plan.resend[0]!.topic, 'raw');
  assert.ok((plan.resend[0]!.message.value as Buffer).equals(value));
});

test('generated hostile producer letters: each is replayed or reported still invalid exactly once, never a throw', async () => {
  const { jsonlCases, seeded } = await import('../helpers/hostile.ts');
  const cases = jsonlCases(seeded(7), 200, 'rp');
  const plan = await planReplay(
    cases.map((c) => producerLetter(c.bytes)),
    { rawTopic: 'raw', serializer },
  );
  assert.equal(plan.resend.length, cases.filter((c) => c.valid).length);
  assert.equal(plan.stillInvalid.length, cases.filter((c) => !c.valid).length);
  assert.ok(plan.stillInvalid.every((s) => s.reason.length > 0));
});

test('a CSV row letter is replayed with the header it carries', async () => {
  const header = 'id,text,created_at,author_id,author_handle,lang';
  const csvLetter = (row: string): StoredLetter => ({
    ...producerLetter(Buffer.from(row)),
    headers: { [DeadLetterHeader.stage]: 'produce', [DeadLetterHeader.inputFormat]: 'csv', [DeadLetterHeader.csvHeader]: header },
  });
  const plan = await planReplay(
    [
      csvLetter('c1,"fixed, now",2021-01-01T00:00:00Z,a,ann,en'),
      csvLetter('c2,still bad,9999-01-01T00:00:00Z,a,ann,en'),
      csvLetter('c3,too,few'),
    ],
    { rawTopic: 'raw', serializer },
  );
  assert.equal(plan.resend.length, 1);
  assert.equal(encoded.at(-1)?.text, 'fixed, now');
  assert.match(plan.stillInvalid[0]!.reason, /in the future/);
  assert.match(plan.stillInvalid[1]!.reason, /CSV row has 3 fields, header has 6/);
});
