import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage, Message } from 'kafkajs';
import { createClassifyStage } from '../../src/classify/handle.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';
import type { TransactionalWriter } from '../../src/kafka/transactional-writer.ts';
import type { PartitionOffset } from '../../src/kafka/window-pipeline.ts';
import type { TextClassifier } from '../../src/nlp/serve/classifier.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';
import { postV2Defaults } from '../helpers/record-defaults.ts';

/** Deletes through the classifier: tombstones go out in the same transaction as the results and the offset. */
test('a tombstone is forwarded with the chunk results in one transaction; a post deleted later in the chunk is not classified', async () => {
  const writes: Array<{ outputs: ReadonlyArray<{ topic: string; messages: Message[] }>; offsets: readonly PartitionOffset[] }> = [];
  const writer = {
    writeAtomically: async (outputs, offsets) => void writes.push({ outputs, offsets }),
    connect: async () => undefined,
    disconnect: async () => undefined,
  } satisfies TransactionalWriter;
  const classified: string[] = [];
  const classifier = {
    info: { encoder: 'e', encoderVersion: '1', sentimentModel: 's', topicModel: 't' },
    classify: async (texts: readonly string[]) => {
      classified.push(...texts);
      return texts.map(() => ({ sentiment: { label: 'neutral' as const, score: 0.5 }, topic: { label: 'other', score: 0.1, top: [] } }));
    },
    close: async () => undefined,
  } as unknown as TextClassifier;
  const m = new MetricsRegistry();
  const stage = createClassifyStage({
    classifier,
    writer,
    outputTopic: 'out',
    dlqTopic: 'dlq',
    batching: { tokenBudget: 1024, maxBatch: 64 },
    serializer: { schemaId: 1, subject: 'out-value', encode: async () => Buffer.from('v') },
    metrics: {
      classified: m.counter('c', 'c'),
      deadLetters: m.counter('d', 'd'),
      modelLatency: m.histogram('l', 'l', [1]),
      batchSize: m.histogram('b', 'b', [1]),
      deleted: m.counter('x', 'x'),
    },
  });
  const message = (offset: number, value: Buffer | null) =>
    ({ offset: String(offset), key: null, value, timestamp: '0', attributes: 0, headers: {} }) as unknown as KafkaMessage;
  const post = (id: string, offset: number) => ({
    value: {
      id,
      text: `text ${id}`,
      created_at: Date.UTC(2024, 0, 1),
      author: { id: 'a', handle: 'a' },
      lang: 'en',
      source: 'bluesky',
      hashtags: [],
      metrics: null,
      ingested_at: 0,
      ...postV2Defaults,
      langs: [],
    } satisfies PostRecord,
    message: message(offset, Buffer.from('x')),
    topic: 'raw',
    partition: 0,
  });
  const window = {
    good: [post('at://a/p/1', 0), post('at://a/p/2', 1)],
    bad: [],
    tombstones: [
      { key: 'at://a/p/2', message: message(2, null), topic: 'raw', partition: 0 },
      { key: 'at://a/p/9', message: message(3, null), topic: 'raw', partition: 0 },
    ],
    offsets: [{ topic: 'raw', partition: 0, offset: '4' }],
    size: 4,
  };
  await stage.commit(window, await stage.prepare(window));
  assert.equal(writes.length, 1, 'one transaction');
  assert.deepEqual(classified, ['text at://a/p/1'], 'the post deleted later in the chunk is not classified');
  const out = writes[0]!.outputs.filter((o) => o.topic === 'out').flatMap((o) => o.messages);
  assert.deepEqual(
    out.map((msg) => [msg.key, msg.value === null ? null : 'result']),
    [
      ['at://a/p/1', 'result'],
      ['at://a/p/2', null],
      ['at://a/p/9', null],
    ],
  );
  assert.deepEqual(writes[0]!.offsets, [{ topic: 'raw', partition: 0, offset: '4' }]);
});
