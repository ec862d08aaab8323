import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, describeError, ErrorCode } from './app-error.ts';

/**
 * Retries only what is retriable (AppError.retriable, or a predicate), with capped exponential
 * backoff and full jitter. A programmer error is never retried. After the last attempt the
 * error thrown names every cause.
 */
export interface RetryOptions {
  readonly retries: number;
  readonly initialMs: number;
  readonly maxMs: number;
  readonly isRetriable?: (error: unknown) => boolean;
  readonly onRetry?: (error: unknown, attempt: number, delayMs: number) => void;
  readonly signal?: AbortSignal;
}

export const defaultRetriable = (error: unknown): boolean => error instanceof AppError && error.retriable;

export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random = Math.random): number {
  const cap = Math.min(maxMs, initialMs * 2 ** attempt);
  return Math.round(cap / 2 + random() * (cap / 2));
}

export async function withRetry<T>(operation: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T> {
  const isRetriable = options.isRetriable ?? defaultRetriable;
  const causes: unknown[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      causes.push(error);
      if (!isRetriable(error)) throw error;
      if (attempt >= options.retries || options.signal?.aborted) {
        throw new AppError(
          ErrorCode.SERVICE_UNAVAILABLE,
          `Gave up after ${attempt + 1} attempts: ${causes.map(describeError).join(' | ')}`,
          {
            retriable: true,
            cause: error,
          },
        );
      }
      const delay = backoffDelay(attempt, options.initialMs, options.maxMs);
      options.onRetry?.(error, attempt + 1, delay);
      await sleep(delay, undefined, { signal: options.signal }).catch(() => undefined);
    }
  }
}
