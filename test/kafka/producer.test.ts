import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Partitioners, type PartitionMetadata } from 'kafkajs';
import { splitByPartition } from '../../src/kafka/producer.ts';

const meta = (n: number): PartitionMetadata[] =>
  Array.from({ length: n }, (_, partitionId) => ({
    partitionId,
    leader: partitionId % 3,
    replicas: [0, 1, 2],
    isr: [0, 1, 2],
    partitionErrorCode: 0,
    offlineReplicas: [],
  }));

test('each group is one topic-partition; keyed messages go where the kafkajs/Java partitioner puts them, in order', async () => {
  const messages = Array.from({ length: 40 }, (_, i) => ({ key: `post-${i}`, value: `v${i}` }));
  const groups = await splitByPartition([{ topic: 'raw', messages }], async () => meta(6), Partitioners.DefaultPartitioner());
  const reference = Partitioners.DefaultPartitioner();
  assert.ok(groups.length > 1 && groups.length <= 6);
  for (const group of groups) {
    const partitions = new Set(group.messages.map((m) => m.partition));
    assert.equal(partitions.size, 1, 'one partition per group');
    for (const m of group.messages) assert.equal(m.partition, reference({ topic: 'raw', partitionMetadata: meta(6), message: m }));
    const order = group.messages.map((m) => Number(String(m.key).slice(5)));
    assert.deepEqual(
      order,
      [...order].sort((a, b) => a - b),
      'original order kept within a partition',
    );
  }
  assert.equal(
    groups.reduce((n, g) => n + g.messages.length, 0),
    40,
  );
});

test('a named partition is kept; topics are grouped apart; no metadata leaves the choice to kafkajs', async () => {
  const groups = await splitByPartition(
    [
      {
        topic: 'a',
        messages: [
          { key: 'x', value: '1', partition: 2 },
          { key: 'x', value: '2', partition: 2 },
        ],
      },
      { topic: 'b', messages: [{ key: 'x', value: '3', partition: 2 }] },
      { topic: 'unknown', messages: [{ key: 'y', value: '4' }] },
      { topic: 'empty', messages: [] },
    ],
    async (topic) => (topic === 'unknown' ? [] : meta(3)),
    Partitioners.DefaultPartitioner(),
  );
  assert.deepEqual(
    groups.map((g) => [g.topic, g.messages.map((m) => [m.value, m.partition])]),
    [
      [
        'a',
        [
          ['1', 2],
          ['2', 2],
        ],
      ],
      ['b', [['3', 2]]],
      ['unknown', [['4', undefined]]],
    ],
  );
});
