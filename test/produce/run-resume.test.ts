import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Producer } from 'kafkajs';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import { runProducer } from '../../src/produce/run.ts';
import type { Source } from '../../src/produce/source.ts';
import { createLogger } from '../../src/telemetry/log.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';

/** The producer loop with a resumable source: tombstones for deletes, positions stored only after their posts were sent. */
test('deletes become tombstones; the stored position follows the acknowledged batch; a restart gets it back', async () => {
  const calls: string[] = [];
  const producer = {
    send: async ({ messages }: { messages: Array<{ key: string; value: unknown }> }) =>
      void calls.push(`send ${messages.map((m) => `${m.key}=${m.value === null ? 'null' : 'post'}`).join(',')}`),
  } as unknown as Producer;
  const stored = new Map<string, string>();
  const store = {
    load: async (key: string) => stored.get(key),
    save: async (key: string, position: string) => {
      calls.push(`save ${position}`);
      stored.set(key, position);
    },
  };
  let from: string | undefined = 'unset';
  const source = (items: SourceItem[]): Source => ({
    name: 'bluesky',
    resumable: true,
    async *items(_signal, resumeFrom) {
      from = resumeFrom;
      yield* items;
    },
  });
  const post = (id: string, position: string): SourceItem => ({
    kind: 'post',
    value: { id, text: 'hi', created_at: '2024-05-01T00:00:00Z', author: { id: 'a', handle: 'a' } },
    origin: 't',
    position,
  });
  const options = (s: Source) => ({
    source: s,
    producer,
    topic: 'raw',
    serializer: { schemaId: 1, subject: 'raw-value', encode: async () => Buffer.from('x') },
    deadLetters: { send: async () => void calls.push('dlq') },
    ratePerSecond: 0,
    maxPosts: 0,
    batchSize: 10,
    lingerMs: 60_000,
    signal: new AbortController().signal,
    logger: createLogger('test'),
    counters: { produced: new MetricsRegistry().counter('p', 'p'), invalid: new MetricsRegistry().counter('i', 'i') },
    state: { store, key: 'bluesky:raw' },
  });
  const stats = await runProducer(
    options(
      source([
        post('p1', '10'),
        { kind: 'delete', id: 'p0', origin: 't', position: '11' },
        { kind: 'unparsable', raw: '{', reason: 'bad', origin: 't', position: '12' },
      ]),
    ),
  );
  assert.equal(from, undefined, 'first run: nothing stored');
  assert.deepEqual(calls, ['dlq', 'send p1=post,p0=null', 'save 12']);
  assert.deepEqual([stats.produced, stats.deleted, stats.invalid], [2, 1, 1]);
  await runProducer(options(source([])));
  assert.equal(from, '12', 'a restart resumes from the stored position');
});
