import { setTimeout as delay } from 'node:timers/promises';

export const sleep = (ms: number): Promise<void> => delay(ms).then(() => undefined);

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly intervalMs?: number;
  /** Checked between probes; a returned Error ends the wait at once (e.g. the process died). */
  readonly failFast?: () => Promise<Error | null>;
}

/**
 * Probe until it answers true. Returns the last probe error when the time is up, so the caller
 * can say why the service never became ready.
 */
export async function waitUntil(probe: () => Promise<boolean>, options: WaitOptions): Promise<{ ok: boolean; lastError?: unknown }> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await probe()) return { ok: true };
    } catch (error) {
      lastError = error;
    }
    const fatal = await options.failFast?.();
    if (fatal) return { ok: false, lastError: fatal };
    if (Date.now() >= deadline) return { ok: false, lastError };
    await sleep(options.intervalMs ?? 500);
  }
}
