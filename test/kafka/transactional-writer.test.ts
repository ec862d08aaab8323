import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFenced, isStuck } from '../../src/kafka/transactional-writer.ts';

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
