import { createRequire } from 'node:module';

/**
 * kafkajs 2.2.4's request queue re-arms a timer after every check, and while nothing is pending
 * and the broker has not throttled us, the delay it computes (`throttledUntil - Date.now()`, with
 * `throttledUntil` at -1) is negative, so Node runs it after 1 ms: every broker connection of
 * every client wakes its process about a thousand times a second for nothing, idle or busy
 * (tulios/kafkajs#1556, #1604, #1704; the fixes, #1667 and #1768, are not merged and 2.2.4 is the
 * latest release). This replaces that one method on the shared prototype: with requests pending
 * it schedules the check as before (after the throttle, else after kafkajs' 10 ms), while
 * throttled with none pending it still checks when the throttle ends, and otherwise it schedules
 * nothing, since `push` schedules a check itself whenever it queues a request and every response
 * or timeout checks the queue. Applied once per process by createKafka (client.ts); a kafkajs
 * whose method no longer has the faulty arithmetic is left alone.
 */
interface RequestQueueInternals {
  pending: unknown[];
  throttledUntil: number;
  throttleCheckTimeoutId: NodeJS.Timeout | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

/** kafkajs' CHECK_PENDING_REQUESTS_INTERVAL (src/network/requestQueue/index.js). */
const CHECK_PENDING_MS = 10;
const FIXED = Symbol.for('streamsense.kafkajs.requestQueueTimerFix');
type Prototype = RequestQueueInternals & { [FIXED]?: true };
const require = createRequire(import.meta.url);

/** True once kafkajs' request queue schedules no check while nothing waits; false if this kafkajs is not the one fixed. */
export function fixRequestQueueTimerLoop(): boolean {
  const proto = (require('kafkajs/src/network/requestQueue/index.js') as { prototype: Prototype }).prototype;
  if (proto[FIXED]) return true;
  if (!/this\.throttledUntil\s*-\s*Date\.now\(\)/.test(String(proto.scheduleCheckPendingRequests))) return false;
  proto.scheduleCheckPendingRequests = function scheduleCheckPendingRequests(this: RequestQueueInternals) {
    if (this.throttleCheckTimeoutId) return;
    const throttledForMs = this.throttledUntil - Date.now();
    if (this.pending.length === 0 && throttledForMs <= 0) return;
    this.throttleCheckTimeoutId = setTimeout(
      () => {
        this.throttleCheckTimeoutId = null;
        this.checkPendingRequests();
      },
      throttledForMs > 0 ? throttledForMs : CHECK_PENDING_MS,
    );
  };
  proto[FIXED] = true;
  return true;
}
