import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { test } from 'node:test';
import type { Message, Producer } from 'kafkajs';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import type { DeadLetter, DeadLetterWriter } from '../../src/kafka/dead-letter.ts';
import { runProducer } from '../../src/produce/run.ts';
import type { Source } from '../../src/produce/source.ts';
import { createFileSource } from '../../src/produce/sources/file.ts';
import { createStdinSource } from '../../src/produce/sources/stdin.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { Counter } from '../../src/telemetry/metrics.ts';
import { CSV_HEADER, csvCases, csvInput, jsonlCases, jsonlInput, type LineCase, seeded } from '../helpers/hostile.ts';

/**
 * The producer's door under generated hostile input (seeded; STREAMSENSE_HOSTILE_SEED picks
 * another seed): every valid line becomes exactly one message keyed by its id, every invalid one
 * exactly one dead letter with a reason and its exact bytes, and the loop never throws. Kafka is
 * replaced by recorders at the Producer seam; test/integration/hostile-input.test.ts runs the
 * same generators through the real stack.
 */
const SEEDS = process.env.STREAMSENSE_HOSTILE_SEED ? [Number(process.env.STREAMSENSE_HOSTILE_SEED)] : [1, 2, 3, 4, 5];

async function run(source: Source) {
  const sent: Message[] = [];
  const letters: DeadLetter[] = [];
  const producer = { send: async ({ messages }: { messages: Message[] }) => void sent.push(...messages) } as unknown as Producer;
  const deadLetters: DeadLetterWriter = { send: async (l) => void letters.push(...l) };
  const quiet = { ...createLogger('hostile'), warn: () => undefined };
  await runProducer({
    source,
    producer,
    topic: 'raw',
    deadLetters,
    ratePerSecond: 0,
    maxPosts: 0,
    batchSize: 100,
    lingerMs: 1000,
    signal: new AbortController().signal,
    serializer: { schemaId: 1, subject: 'raw-value', encode: async (r: PostRecord) => Buffer.from(JSON.stringify(r)) },
    logger: quiet,
    counters: { produced: new Counter('p', 'p'), invalid: new Counter('i', 'i') },
  });
  return { sent, letters };
}

function check(
  cases: readonly LineCase[],
  lineOf: readonly number[],
  origin: (line: number) => string,
  out: Awaited<ReturnType<typeof run>>,
  seed: number,
) {
  const keys = out.sent.map((m) => String(m.key));
  assert.deepEqual(
    keys,
    cases.filter((c) => c.valid).map((c) => c.id),
    `seed ${seed}: exactly the valid cases are produced, once each, in order`,
  );
  const byOrigin = new Map(out.letters.map((l) => [l.origin, l]));
  assert.equal(byOrigin.size, out.letters.length, `seed ${seed}: one letter per origin`);
  for (const [i, c] of cases.entries()) {
    const letter = byOrigin.get(origin(lineOf[i]!));
    if (c.valid) {
      assert.equal(letter, undefined, `seed ${seed}: valid ${c.kind} line ${lineOf[i]} was dead-lettered: ${letter?.reason}`);
      continue;
    }
    assert.ok(letter, `seed ${seed}: invalid ${c.kind} at line ${lineOf[i]} has a dead letter`);
    assert.ok(letter.reason.length > 0);
    const expected = c.kind === 'over-line-limit' ? c.bytes.subarray(0, 512 * 1024) : c.bytes;
    assert.ok(
      Buffer.isBuffer(letter.value) && letter.value.equals(expected),
      `seed ${seed}: ${c.kind} letter holds the line's exact bytes`,
    );
  }
  assert.equal(out.letters.length, cases.filter((c) => !c.valid).length);
}

for (const seed of SEEDS) {
  test(`JSONL on stdin, seed ${seed}: one message per valid line, one letter with the exact bytes per invalid line`, async () => {
    const rng = seeded(seed);
    const cases = jsonlCases(rng, 150, `s${seed}x`);
    const { input, lineOf } = jsonlInput(rng, cases);
    const chunks = [];
    for (let at = 0; at < input.length; ) {
      const size = 1 + Math.floor(rng() * 70_000); // chunk borders fall anywhere, also inside a UTF-8 sequence
      chunks.push(input.subarray(at, at + size));
      at += size;
    }
    check(cases, lineOf, (line) => `stdin:${line}`, await run(createStdinSource(Readable.from(chunks))), seed);
  });

  test(`CSV file, seed ${seed}: one message per valid row, one letter with the row's bytes per invalid row`, async () => {
    const rng = seeded(seed * 7919);
    const cases = csvCases(rng, 80, `c${seed}x`);
    const { input, lineOf } = csvInput(cases);
    const path = join(await mkdtemp(join(tmpdir(), 'ss-hostile-')), 'posts.csv');
    await writeFile(path, input);
    const out = await run(createFileSource({ path, format: 'auto', loop: false }));
    check(cases, lineOf, (line) => `file:${path}:${line}`, out, seed);
    assert.ok(
      out.letters.every((l) => l.input?.format === 'csv' && l.input.header === CSV_HEADER),
      'each CSV letter carries its header row for replay',
    );
  });
}
