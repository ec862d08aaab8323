import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { createWindowPipeline, type Entry, toWindow, type Window, windowReady } from '../../src/kafka/window-pipeline.ts';

const message = (offset: number): KafkaMessage =>
  ({ key: null, value: null, offset: String(offset), timestamp: '0', attributes: 0, headers: {} }) as KafkaMessage;
const decoded = (partition: number, offset: number, value = `p${partition}@${offset}`): Entry<string> => ({
  kind: 'decoded',
  record: { value, message: message(offset), topic: 't', partition },
});
const bad = (partition: number, offset: number): Entry<string> => ({
  kind: 'undecodable',
  topic: 't',
  partition,
  message: message(offset),
  letter: {
    stage: 'classify',
    errorClass: 'X',
    reason: 'bad',
    key: null,
    value: null,
    original: { topic: 't', partition, offset: String(offset) },
  },
});
const batch = (partition: number, from: number, n: number) => Array.from({ length: n }, (_, i) => decoded(partition, from + i));
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

test('toWindow: records in order, dead letters apart, the next offset of each partition', () => {
  const w = toWindow([decoded(0, 10), decoded(1, 3), bad(0, 11), decoded(0, 12), decoded(1, 4)]);
  assert.deepEqual(
    w.good.map((r) => r.value),
    ['p0@10', 'p1@3', 'p0@12', 'p1@4'],
  );
  assert.equal(w.bad.length, 1);
  assert.deepEqual(w.offsets, [
    { topic: 't', partition: 0, offset: '13' },
    { topic: 't', partition: 1, offset: '5' },
  ]);
  assert.equal(w.size, 5);
});

test('windowReady: full, or waited long enough, or nothing more is arriving', () => {
  const o = { size: 10, waitMs: 50 };
  assert.equal(windowReady({ queued: 0, arriving: 0, oldestAgeMs: 100 }, o), false);
  assert.equal(windowReady({ queued: 10, arriving: 3, oldestAgeMs: 0 }, o), true);
  assert.equal(windowReady({ queued: 2, arriving: 3, oldestAgeMs: 49 }, o), false);
  assert.equal(windowReady({ queued: 2, arriving: 3, oldestAgeMs: 50 }, o), true);
  assert.equal(windowReady({ queued: 2, arriving: 0, oldestAgeMs: 0 }, o), true);
});

test('one window spans the partitions of a fetch; each ticket resolves once its records are committed', async () => {
  const committed: Window<string>[] = [];
  const pipeline = createWindowPipeline<string, number>(
    { prepare: async (w) => w.size, commit: async (w) => void committed.push(w) },
    { size: 100, waitMs: 10_000 },
  );
  const tickets = [
    pipeline.submit(Promise.resolve(batch(0, 0, 3))),
    pipeline.submit(Promise.resolve(batch(1, 7, 2))),
    pipeline.submit(Promise.resolve(batch(2, 0, 4))),
  ];
  await Promise.all(tickets.map((t) => t.done));
  assert.equal(committed.length, 1, 'one commit for the three partitions');
  assert.deepEqual(
    committed[0]!.offsets.map((o) => [o.partition, o.offset]),
    [
      [0, '3'],
      [1, '9'],
      [2, '4'],
    ],
  );
});

test('windows are cut at size; window k+1 is prepared while k commits, and commits only after it', async () => {
  const events: string[] = [];
  const gates = [deferred(), deferred(), deferred()];
  let n = 0;
  const pipeline = createWindowPipeline<string, number>(
    {
      prepare: async (w) => {
        const k = n++;
        events.push(`prepare ${k} (${w.size})`);
        return k;
      },
      commit: async (_w, k) => {
        events.push(`commit ${k} start`);
        await gates[k]!.promise;
        events.push(`commit ${k} end`);
      },
    },
    { size: 4, waitMs: 10_000 },
  );
  const ticket = pipeline.submit(Promise.resolve(batch(0, 0, 10)));
  while (!events.includes('prepare 1 (4)')) await new Promise((r) => setImmediate(r));
  assert.deepEqual(events, ['prepare 0 (4)', 'commit 0 start', 'prepare 1 (4)'], 'window 1 was scored while window 0 committed');
  gates[0]!.resolve();
  while (!events.includes('prepare 2 (2)')) await new Promise((r) => setImmediate(r));
  assert.deepEqual(events.slice(3), ['commit 0 end', 'commit 1 start', 'prepare 2 (2)']);
  gates[1]!.resolve();
  gates[2]!.resolve();
  await ticket.done;
  assert.deepEqual(events.slice(-3), ['commit 1 end', 'commit 2 start', 'commit 2 end']);
});

test('a failed commit fails its tickets and those behind it, never committing past it; later batches still flow', async () => {
  const committed: string[][] = [];
  let failNext = true;
  const gate = deferred();
  const pipeline = createWindowPipeline<string, void>(
    {
      prepare: async () => undefined,
      commit: async (w) => {
        if (failNext) {
          failNext = false;
          await gate.promise;
          throw new Error('broker said no');
        }
        committed.push(w.good.map((r) => r.value));
      },
    },
    { size: 2, waitMs: 10_000 },
  );
  const first = pipeline.submit(Promise.resolve(batch(0, 0, 2)));
  const second = pipeline.submit(Promise.resolve(batch(1, 0, 5)));
  gate.resolve();
  await assert.rejects(first.done, /broker said no/);
  await assert.rejects(second.done, /broker said no|earlier window failed/);
  assert.deepEqual(committed, [], 'nothing behind the failed window was committed');
  const third = pipeline.submit(Promise.resolve(batch(2, 0, 1)));
  await third.done;
  assert.deepEqual(committed, [['p2@0']]);
});

test('withdraw drops what no window took and reports the last committed offset', async () => {
  const gate = deferred();
  const committed: string[][] = [];
  const pipeline = createWindowPipeline<string, void>(
    {
      prepare: async () => undefined,
      commit: async (w) => {
        await gate.promise;
        committed.push(w.good.map((r) => r.value));
      },
    },
    { size: 2, waitMs: 10_000 },
  );
  const ticket = pipeline.submit(Promise.resolve(batch(0, 100, 7)));
  await new Promise((r) => setTimeout(r, 20));
  const through = ticket.withdraw();
  gate.resolve();
  // Window 0 was committing and window 1 prepared when the ticket was withdrawn: both land, the rest not.
  assert.equal(await through, '103');
  assert.deepEqual(committed, [
    ['p0@100', 'p0@101'],
    ['p0@102', 'p0@103'],
  ]);
});

test('a window waits for batches still decoding, up to waitMs', async () => {
  const sizes: number[] = [];
  const pipeline = createWindowPipeline<string, void>(
    { prepare: async () => undefined, commit: async (w) => void sizes.push(w.size) },
    { size: 100, waitMs: 5_000 },
  );
  let release!: (e: Entry<string>[]) => void;
  const slow = pipeline.submit(new Promise<Entry<string>[]>((r) => (release = r)));
  const fast = pipeline.submit(Promise.resolve(batch(0, 0, 3)));
  await new Promise((r) => setTimeout(r, 30));
  assert.deepEqual(sizes, [], 'no window while a batch of the fetch is still decoding');
  release([bad(1, 0), decoded(1, 1)]);
  await Promise.all([slow.done, fast.done]);
  assert.deepEqual(sizes, [5]);
});

test('an empty batch resolves at once; a decode failure fails only its ticket', async () => {
  const pipeline = createWindowPipeline<string, void>(
    { prepare: async () => undefined, commit: async () => undefined },
    { size: 10, waitMs: 5 },
  );
  await pipeline.submit(Promise.resolve([])).done;
  await assert.rejects(pipeline.submit(Promise.reject(new Error('registry down'))).done, /registry down/);
  await pipeline.submit(Promise.resolve(batch(0, 0, 2))).done;
});

test('toWindow commits past transaction markers that follow a batch: the entry says where', () => {
  const last = { ...decoded(0, 5), next: '7' };
  assert.deepEqual(toWindow([decoded(0, 4), last]).offsets, [{ topic: 't', partition: 0, offset: '7' }]);
});
