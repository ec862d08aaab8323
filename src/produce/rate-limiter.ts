import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Paces a loop to `perSecond` events on average (0 = as fast as possible). Keeps a schedule
 * rather than sleeping a fixed gap, so time spent between events counts towards the gap.
 */
export interface RateLimiter {
  /** Milliseconds to wait before the next event may go. */
  delayMs(now?: number): number;
  wait(signal?: AbortSignal): Promise<void>;
}

export function createRateLimiter(perSecond: number, start = Date.now()): RateLimiter {
  const gap = perSecond > 0 ? 1000 / perSecond : 0;
  let next = start;
  const delayMs = (now = Date.now()) => {
    if (gap === 0) return 0;
    const wait = Math.max(0, next - now);
    next = Math.max(next, now) + gap;
    return wait;
  };
  return {
    delayMs,
    async wait(signal) {
      const ms = delayMs();
      if (ms > 0) await sleep(ms, undefined, { signal }).catch(() => undefined);
    },
  };
}
