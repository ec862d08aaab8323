import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { test } from 'node:test';
import { fixRequestQueueTimerLoop } from '../../src/kafka/request-queue-fix.ts';
import { eventually } from '../helpers/wait.ts';

// kafkajs' own request queue (the class every broker connection uses), with the fix applied as createKafka applies it.
const RequestQueue = createRequire(import.meta.url)('kafkajs/src/network/requestQueue/index.js') as new (
  options: Record<string, unknown>,
) => {
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  pending: unknown[];
  push(request: { entry: Record<string, unknown>; expectResponse: boolean; sendRequest(): void }): void;
  fulfillRequest(response: { correlationId: number; payload: Buffer; size: number }): void;
  checkPendingRequests(): void;
  destroy(): void;
};

const silent = { debug() {}, info() {}, warn() {}, error() {} };
const queue = () =>
  new RequestQueue({
    maxInFlightRequests: 1,
    requestTimeout: 30_000,
    enforceRequestTimeout: false,
    clientId: 't',
    broker: 'b:1',
    logger: silent,
  });
const entry = (correlationId: number, done: (id: number) => void) => ({
  correlationId,
  apiKey: 3,
  apiName: 'Metadata',
  apiVersion: 0,
  resolve: () => done(correlationId),
  reject: () => undefined,
});

test('the fix applies to the installed kafkajs', () => {
  assert.equal(fixRequestQueueTimerLoop(), true);
  assert.equal(fixRequestQueueTimerLoop(), true, 'applying it twice is harmless');
});

test('an idle request queue arms no timer (kafkajs 2.2.4 re-armed one every millisecond, tulios/kafkajs#1556)', (t) => {
  fixRequestQueueTimerLoop();
  const q = queue();
  t.after(() => q.destroy());
  const sent: number[] = [];
  const answered: number[] = [];
  q.push({ entry: entry(1, (id) => answered.push(id)), expectResponse: true, sendRequest: () => sent.push(1) });
  q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
  assert.deepEqual([sent, answered], [[1], [1]]);
  assert.equal(q.throttleCheckTimeoutId, null, 'nothing pending and no throttle: no check scheduled');
  q.checkPendingRequests();
  assert.equal(q.throttleCheckTimeoutId, null);
});

test('requests queued behind the in-flight limit or a throttle still go out', async (t) => {
  fixRequestQueueTimerLoop();
  const q = queue();
  t.after(() => q.destroy());
  const sent: number[] = [];
  const answered: number[] = [];
  const push = (id: number) =>
    q.push({ entry: entry(id, (i) => answered.push(i)), expectResponse: true, sendRequest: () => sent.push(id) });
  push(1);
  push(2); // max one in flight: 2 waits
  assert.deepEqual(sent, [1]);
  q.fulfillRequest({ correlationId: 1, payload: Buffer.alloc(0), size: 0 });
  assert.deepEqual(sent, [1, 2], 'the response to 1 sends 2');
  q.fulfillRequest({ correlationId: 2, payload: Buffer.alloc(0), size: 0 });

  q.throttledUntil = Date.now() + 60; // the broker asked us to wait (client-side throttling)
  push(3);
  assert.deepEqual(sent, [1, 2], 'throttled: 3 waits');
  assert.notEqual(q.throttleCheckTimeoutId, null, 'a check is scheduled for the end of the throttle');
  assert.ok(await eventually(async () => sent.length === 3, 10_000, 5), 'sent once the throttle ended');
  assert.deepEqual(sent, [1, 2, 3]);
  q.fulfillRequest({ correlationId: 3, payload: Buffer.alloc(0), size: 0 });
  assert.deepEqual(answered, [1, 2, 3]);
  assert.equal(q.throttleCheckTimeoutId, null, 'idle again: no timer');
});
