import assert from 'node:assert/strict';
import { test } from 'node:test';
import { keysDeletedLast } from '../../src/kafka/last-write.ts';

const at = (key: string, offset: number) => ({ key, message: { offset: String(offset) } });

test('a key counts as deleted only when its last record in the chunk is the tombstone', () => {
  const deleted = keysDeletedLast([at('a', 1), at('b', 2), at('c', 5)], [at('a', 3), at('b', 1), at('d', 4), at('c', 4)]);
  assert.deepEqual([...deleted].sort(), ['a', 'd']);
});
