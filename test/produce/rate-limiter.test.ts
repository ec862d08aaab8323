import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRateLimiter } from '../../src/produce/rate-limiter.ts';

test('rate 0 never waits', () => {
  const limiter = createRateLimiter(0, 1_000);
  for (let i = 0; i < 5; i++) assert.equal(limiter.delayMs(1_000), 0);
});

test('rate 10/s spaces events 100 ms apart on a schedule', () => {
  const limiter = createRateLimiter(10, 0);
  assert.equal(limiter.delayMs(0), 0);
  assert.equal(limiter.delayMs(0), 100);
  assert.equal(limiter.delayMs(0), 200);
  // a late caller goes at once, and the schedule restarts from it (no burst to catch up)
  assert.equal(limiter.delayMs(1_000), 0);
  assert.equal(limiter.delayMs(1_000), 100);
});
