/**
 * A small counting semaphore: at most `concurrency` tasks run at once, the rest wait in FIFO order.
 * Remote inference backends share one per instance so a large batch cannot flood the endpoint.
 */
import { AppError, ErrorCode } from '../../../errors/app-error.ts';

export interface Limit {
  <T>(task: () => Promise<T>): Promise<T>;
  readonly active: number;
  readonly pending: number;
}

export function createLimit(concurrency: number): Limit {
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new AppError(ErrorCode.INTERNAL, `concurrency must be a positive integer, got ${concurrency}`);
  const waiting: (() => void)[] = [];
  let active = 0;

  const release = (): void => {
    const next = waiting.shift();
    if (next)
      next(); // the slot passes straight to the next task; `active` stays the same
    else active--;
  };

  const acquire = async (): Promise<void> => {
    if (active < concurrency) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };

  const limit = async <T>(task: () => Promise<T>): Promise<T> => {
    await acquire();
    try {
      return await task();
    } finally {
      release();
    }
  };
  return Object.defineProperties(limit, {
    active: { get: () => active },
    pending: { get: () => waiting.length },
  }) as Limit;
}
