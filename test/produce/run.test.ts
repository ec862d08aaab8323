import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Message, Producer } from 'kafkajs';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import type { DeadLetter, DeadLetterWriter } from '../../src/kafka/dead-letter.ts';
import { runProducer } from '../../src/produce/run.ts';
import { createStdinSource } from '../../src/produce/sources/stdin.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { Counter } from '../../src/telemetry/metrics.ts';

/**
 * The producer loop on stdin bytes, with Kafka replaced by recorders at the Producer and
 * dead-letter seams (the same input runs against real Kafka in test/integration/hostile-input).
 */
const post = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  text: `post ${id}`,
  created_at: '2021-03-01T00:00:00Z',
  author: { id: 'a', handle: 'h' },
  ...extra,
});

async function produceLines(lines: readonly Buffer[]) {
  const sent: Message[] = [];
  const letters: DeadLetter[] = [];
  const producer = { send: async ({ messages }: { messages: Message[] }) => void sent.push(...messages) } as unknown as Producer;
  const deadLetters: DeadLetterWriter = { send: async (l) => void letters.push(...l) };
  const stats = await runProducer({
    source: createStdinSource(Readable.from([Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))])),
    producer,
    topic: 'raw',
    serializer: { schemaId: 1, subject: 'raw-value', encode: async (r: PostRecord) => Buffer.from(JSON.stringify(r)) },
    deadLetters,
    ratePerSecond: 0,
    maxPosts: 0,
    batchSize: 500,
    lingerMs: 1000,
    signal: new AbortController().signal,
    logger: createLogger('test', {}),
    counters: { produced: new Counter('p', 'p'), invalid: new Counter('i', 'i') },
  });
  return { sent, letters, stats };
}

const line = (value: unknown) => Buffer.from(JSON.stringify(value));

test('a 5,000-deep JSON line is dead-lettered with its bytes; the lines before and after reach Kafka', async () => {
  const deep = Buffer.from('['.repeat(5000) + ']'.repeat(5000));
  const { sent, letters, stats } = await produceLines([line(post('1')), line(post('2')), line(post('3')), deep, line(post('4'))]);
  assert.deepEqual(
    sent.map((m) => m.key),
    ['1', '2', '3', '4'],
  );
  assert.equal(letters.length, 1);
  assert.match(letters[0]!.reason, /nests deeper than 64 levels/);
  assert.ok(Buffer.isBuffer(letters[0]!.value) && letters[0]!.value.equals(deep), 'the letter holds the exact line');
  assert.deepEqual(stats, { read: 5, produced: 4, invalid: 1, deleted: 0 });
});

test('a line that parses but fails validation is dead-lettered with its exact bytes, not re-serialised JSON', async () => {
  const raw = Buffer.from(
    '{ "id" : "bad id!",  "text":"caf\u00e9 \\u00e9", "created_at":"2021-03-01T00:00:00Z", "author":{"id":"a","handle":"h"} }',
  );
  const { sent, letters } = await produceLines([raw, line(post('ok'))]);
  assert.deepEqual(
    sent.map((m) => m.key),
    ['ok'],
  );
  assert.equal(letters.length, 1);
  assert.equal(letters[0]!.errorClass, 'InvalidPost');
  assert.ok((letters[0]!.value as Buffer).equals(raw), `letter holds ${String(letters[0]!.value)}`);
});

test('invalid UTF-8 bytes are dead-lettered as they arrived; valid text holding U+FFFD is produced', async () => {
  const invalid = Buffer.concat([
    Buffer.from('{"id":"u1","text":"hi '),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('","created_at":"2021-03-01T00:00:00Z","author":{"id":"a","handle":"h"}}'),
  ]);
  const withReplacement = line(post('u2', { text: 'a real \uFFFD in a post' }));
  const { sent, letters } = await produceLines([invalid, withReplacement]);
  assert.deepEqual(
    sent.map((m) => m.key),
    ['u2'],
  );
  assert.equal(JSON.parse(String(sent[0]!.value)).text, 'a real \uFFFD in a post');
  assert.equal(letters.length, 1);
  assert.match(letters[0]!.reason, /not valid UTF-8/);
  assert.ok((letters[0]!.value as Buffer).equals(invalid));
});

test('created_at before X existed or far in the future is dead-lettered with the reason', async () => {
  const lines = ['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '3000-01-01T00:00:00Z', '9999-12-31T23:59:59Z'].map((t, i) =>
    line(post(`t${i}`, { created_at: t })),
  );
  const { sent, letters } = await produceLines([...lines, line(post('fine'))]);
  assert.deepEqual(
    sent.map((m) => m.key),
    ['fine'],
  );
  assert.equal(letters.length, 4);
  assert.match(letters[0]!.reason, /created_at 0000-01-01T00:00:00.000Z is before x existed \(2006-03-21\)/);
  assert.match(letters[3]!.reason, /in the future/);
});
