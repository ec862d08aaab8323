import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFenced, isStuck, offsetsByTopic } from '../../src/kafka/transactional-writer.ts';

test('a producer stuck mid-commit is recognised, so the writer replaces it', () => {
  assert.equal(isStuck(new Error('Transaction state exception: Cannot call "beginTransaction" in state "COMMITTING"')), true);
  assert.equal(isStuck(new Error('Connection error: connect ECONNREFUSED')), false);
});

test('fencing is recognised by type, message or cause', () => {
  assert.equal(isFenced(Object.assign(new Error('x'), { type: 'INVALID_PRODUCER_EPOCH' })), true);
  assert.equal(isFenced(new Error('Producer attempted an operation with an old epoch')), true);
  assert.equal(isFenced(new Error('wrapper', { cause: Object.assign(new Error('y'), { type: 'PRODUCER_FENCED' }) })), true);
  assert.equal(isFenced(new Error('The coordinator is loading')), false);
});

test('one sendOffsets carries every partition of a window, grouped by topic', () => {
  assert.deepEqual(
    offsetsByTopic([
      { topic: 'a', partition: 0, offset: '5' },
      { topic: 'b', partition: 1, offset: '2' },
      { topic: 'a', partition: 3, offset: '9' },
    ]),
    [
      {
        topic: 'a',
        partitions: [
          { partition: 0, offset: '5' },
          { partition: 3, offset: '9' },
        ],
      },
      { topic: 'b', partitions: [{ partition: 1, offset: '2' }] },
    ],
  );
});
