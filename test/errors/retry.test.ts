import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError, ErrorCode } from '../../src/errors/app-error.ts';
import { backoffDelay, withRetry } from '../../src/errors/retry.ts';

const transient = () => new AppError(ErrorCode.SERVICE_UNAVAILABLE, 'down', { retriable: true });

test('retries retriable errors until success', async () => {
  let calls = 0;
  const result = await withRetry(
    async () => {
      calls++;
      if (calls < 3) throw transient();
      return 'ok';
    },
    { retries: 5, initialMs: 1, maxMs: 2 },
  );
  assert.equal(result, 'ok');
  assert.equal(calls, 3);
});

test('never retries a non-retriable error', async () => {
  let calls = 0;
  await assert.rejects(
    withRetry(
      async () => {
        calls++;
        throw new AppError(ErrorCode.DECODE, 'bad bytes');
      },
      { retries: 5, initialMs: 1, maxMs: 2 },
    ),
    /bad bytes/,
  );
  assert.equal(calls, 1);
});

test('after the last attempt the error names every cause', async () => {
  await assert.rejects(
    withRetry(
      async () => {
        throw transient();
      },
      { retries: 2, initialMs: 1, maxMs: 1 },
    ),
    /Gave up after 3 attempts: AppError: down \| AppError: down \| AppError: down/,
  );
});

test('backoff grows exponentially and is capped', () => {
  assert.equal(
    backoffDelay(0, 100, 1000, () => 1),
    100,
  );
  assert.equal(
    backoffDelay(3, 100, 1000, () => 1),
    800,
  );
  assert.equal(
    backoffDelay(10, 100, 1000, () => 1),
    1000,
  );
  assert.equal(
    backoffDelay(10, 100, 1000, () => 0),
    500,
  );
});
