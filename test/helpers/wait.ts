import { setTimeout as sleep } from 'node:timers/promises';

/** Polls `probe` until it returns true or the deadline passes; returns the last outcome. */
export async function eventually(probe: () => Promise<boolean>, deadlineMs: number, intervalMs = 250): Promise<boolean> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return true;
    await sleep(intervalMs);
  }
  return probe().catch(() => false);
}
