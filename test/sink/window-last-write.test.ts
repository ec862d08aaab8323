import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import type { ClassificationRecord } from '../../src/contracts/classification-record.ts';
import { type Entry, toWindow } from '../../src/kafka/window-pipeline.ts';
import { createSinkStage } from '../../src/sink/handle.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { classificationRecord as record } from '../helpers/record-defaults.ts';

const message = (offset: number, key: string, value: Buffer | null) =>
  ({ offset: String(offset), key: Buffer.from(key), value, timestamp: '0', attributes: 0, headers: {} }) as unknown as KafkaMessage;
const put = (partition: number, offset: number, id: string, label: string): Entry<ClassificationRecord> => ({
  kind: 'decoded',
  record: { value: record(id, label), message: message(offset, id, Buffer.from('x')), topic: 'c', partition },
});
const del = (partition: number, offset: number, id: string): Entry<ClassificationRecord> => ({
  kind: 'tombstone',
  tombstone: { key: id, message: message(offset, id, null), topic: 'c', partition },
});

/** Within a window across partitions, the last record of a key wins: an edit replaces, a delete removes. */
test('a window carries tombstones and their offsets; the sink keeps the last write per key', async () => {
  const window = toWindow([
    put(0, 0, 'a', 'neutral'),
    put(1, 0, 'b', 'neutral'),
    put(0, 1, 'a', 'positive'),
    del(1, 1, 'b'),
    del(0, 2, 'c'),
    del(1, 2, 'd'),
    put(1, 3, 'd', 'negative'),
  ]);
  assert.equal(window.size, 7);
  assert.deepEqual(
    window.tombstones.map((t) => t.key),
    ['b', 'c', 'd'],
  );
  assert.deepEqual(
    [...window.offsets].sort((x, y) => x.partition - y.partition),
    [
      { topic: 'c', partition: 0, offset: '3' },
      { topic: 'c', partition: 1, offset: '4' },
    ],
  );
  const m = new MetricsRegistry();
  const stage = createSinkStage({
    pool: null as never,
    table: 't',
    deadLetters: { send: async () => undefined } as never,
    rowsWritten: m.counter('w', 'w'),
  });
  const prepared = await stage.prepare(window);
  assert.deepEqual([...prepared.deleted].sort(), ['b', 'c'], 'created then deleted, or only deleted: no row');
  assert.deepEqual(
    prepared.unique.map((r) => [r.tweet_id, r.sentiment]),
    [
      ['a', 'positive'],
      ['d', 'negative'],
    ],
    'edit after create: the edited row; create after delete: the row',
  );
});
