import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ErrorCode } from '../../src/errors/app-error.ts';
import { isolatePoison } from '../../src/errors/isolate.ts';

const poison = (n: number) => async (x: number) => {
  if (x === n) throw new AppError(ErrorCode.INVALID_INPUT, `poison ${x}`);
  return x * 10;
};

test('a batch that works is not split: null, and the items are not tried alone', async () => {
  let alone = 0;
  assert.equal(
    await isolatePoison(
      [1, 2],
      async () => undefined,
      async () => ++alone,
    ),
    null,
  );
  assert.equal(alone, 0);
});

test('a batch that fails for good: each item alone, the poison one costs only itself', async () => {
  const out = await isolatePoison([1, 2, 3], () => Promise.reject(new AppError(ErrorCode.INVALID_INPUT, 'batch')), poison(2));
  assert.equal(out?.length, 3);
  assert.deepEqual([out![0], out![2]], [10, 30]);
  assert.ok(out![1] instanceof AppError && /poison 2/.test(out![1].message));
});

test('a transient failure is thrown, never isolated, whether of the batch or of one item', async () => {
  const transient = new AppError(ErrorCode.DATABASE, 'down', { retriable: true });
  await assert.rejects(
    isolatePoison(
      [1],
      () => Promise.reject(transient),
      async (x) => x,
    ),
    transient,
  );
  await assert.rejects(
    isolatePoison(
      [1, 2],
      () => Promise.reject(new AppError(ErrorCode.INVALID_INPUT, 'batch')),
      () => Promise.reject(transient),
    ),
    transient,
  );
});

test('retryLone: false keeps a batch of one from being tried twice', async () => {
  let alone = 0;
  const out = await isolatePoison(
    [1],
    () => Promise.reject(new AppError(ErrorCode.INVALID_INPUT, 'one')),
    async () => ++alone,
    { retryLone: false },
  );
  assert.equal(alone, 0);
  assert.ok(out![0] instanceof AppError);
});
