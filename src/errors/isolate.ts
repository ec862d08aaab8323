/**
 * "Isolate the poison record": when a whole batch fails for good, each item is tried alone, so
 * one bad item costs only itself. Transient failures are never isolated: they are thrown, for the
 * caller to retry the batch. Used by classify (a model call) and the sink (a database window).
 */
import { AppError, ErrorCode } from './app-error.ts';
import { isTransient } from './transient.ts';

/** The outcome per item, in order: its result, or the error it failed with alone. */
export type Isolated<R> = Array<R | Error>;

export const asError = (error: unknown): Error => (error instanceof Error ? error : new AppError(ErrorCode.INTERNAL, String(error)));

/**
 * `whole()` once; if it fails for good, `alone(item)` for each item. `null` when `whole()`
 * succeeded (its result is the caller's), else every item's outcome. With `retryLone: false`
 * a batch of one is not tried twice: its failure is its outcome.
 */
export async function isolatePoison<T, R>(
  items: readonly T[],
  whole: () => Promise<void>,
  alone: (item: T) => Promise<R>,
  options: { retryLone?: boolean } = {},
): Promise<Isolated<R> | null> {
  try {
    await whole();
    return null;
  } catch (error) {
    if (isTransient(error)) throw error;
    if (items.length === 1 && options.retryLone === false) return [asError(error)];
  }
  const outcomes: Isolated<R> = [];
  for (const item of items) {
    try {
      outcomes.push(await alone(item));
    } catch (error) {
      if (isTransient(error)) throw error;
      outcomes.push(asError(error));
    }
  }
  return outcomes;
}
