import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DeadLetterHeader, deadLetterMessage } from '../../src/kafka/dead-letter.ts';

test('a dead letter keeps the original bytes and says where it came from and why', () => {
  const value = Buffer.from([0, 0, 0, 0, 9, 1, 2]);
  const msg = deadLetterMessage(
    {
      stage: 'sink',
      errorClass: 'DECODE',
      reason: 'Unknown schema id 9',
      key: 'k1',
      value,
      original: { topic: 'tweets.classified', partition: 2, offset: '17', timestamp: '1700000000000' },
    },
    new Date('2024-01-01T00:00:00Z'),
  );
  assert.equal(msg.value, value);
  assert.equal(msg.key, 'k1');
  assert.deepEqual(msg.headers, {
    [DeadLetterHeader.stage]: 'sink',
    [DeadLetterHeader.errorClass]: 'DECODE',
    [DeadLetterHeader.errorMessage]: 'Unknown schema id 9',
    [DeadLetterHeader.failedAt]: '2024-01-01T00:00:00.000Z',
    [DeadLetterHeader.originalTopic]: 'tweets.classified',
    [DeadLetterHeader.originalPartition]: '2',
    [DeadLetterHeader.originalOffset]: '17',
    [DeadLetterHeader.originalTimestamp]: '1700000000000',
  });
});

test('very long reasons are cut to keep headers small', () => {
  const msg = deadLetterMessage({
    stage: 'produce',
    errorClass: 'InvalidPost',
    reason: 'x'.repeat(10_000),
    key: null,
    value: 'raw',
    origin: 'stdin:1',
  });
  assert.equal(String(msg.headers![DeadLetterHeader.errorMessage]).length, 2_000);
  assert.equal(msg.headers![DeadLetterHeader.origin], 'stdin:1');
});
