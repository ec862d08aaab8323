/**
 * The reconnect loop the streaming sources share: run one connection's items to its end, then
 * connect again after a capped exponential backoff with jitter (src/errors/retry.ts). A
 * connection that delivered something resets the count; `maxReconnects` fruitless attempts in a
 * row give up with every cause named. Non-retriable errors (a refused token, bad filters) stop
 * at once: retrying cannot fix them.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError, describeError, ErrorCode } from '../../errors/app-error.ts';
import { backoffDelay } from '../../errors/retry.ts';
import type { Logger } from '../../telemetry/log.ts';
import type { Counter } from '../../telemetry/metrics.ts';
import type { ConnectionSummary } from './websocket-frames.ts';

export interface ReconnectPolicy {
  /** Consecutive attempts with nothing received before giving up. */
  readonly maxReconnects: number;
  readonly backoffMs: { readonly initial: number; readonly max: number };
  /** Counts each connection that ended or failed, by source and reason. */
  readonly reconnects?: Counter;
}

export const DEFAULT_RECONNECT: ReconnectPolicy = { maxReconnects: 30, backoffMs: { initial: 1_000, max: 60_000 } };

export async function* reconnecting<T>(
  name: string,
  connect: (connection: number) => Promise<AsyncGenerator<T, ConnectionSummary>>,
  policy: ReconnectPolicy,
  logger: Logger,
  signal: AbortSignal,
): AsyncGenerator<T> {
  let failures = 0;
  const causes: string[] = [];
  for (let connection = 1; !signal.aborted; connection++) {
    try {
      const items = await connect(connection);
      logger.info('connected', { connection });
      const summary = yield* items;
      if (signal.aborted) return;
      failures = summary.frames > 0 ? 0 : failures + 1;
      if (summary.frames > 0) causes.length = 0;
      else causes.push(summary.detail);
      policy.reconnects?.inc({ source: name, reason: summary.reason });
      logger.warn('connection ended; reconnecting', { connection, reason: summary.reason, detail: summary.detail, frames: summary.frames });
    } catch (error) {
      if (signal.aborted) return;
      const appError =
        error instanceof AppError ? error : new AppError(ErrorCode.INTERNAL, `${name}: ${describeError(error)}`, { cause: error });
      if (!appError.retriable) throw appError;
      failures++;
      policy.reconnects?.inc({ source: name, reason: 'connect_failed' });
      causes.push(appError.message);
      logger.warn('connection failed; will retry', { connection, failures, error: appError.message });
    }
    if (failures > policy.maxReconnects) {
      throw new AppError(
        ErrorCode.REMOTE_API,
        `${name}: gave up after ${failures} attempts in a row without data (${causes.slice(-3).join(' | ')}). Check the service's status and your network, then restart`,
        {
          retriable: true,
          context: { source: name, failures },
        },
      );
    }
    const delay = backoffDelay(Math.max(0, failures - 1), policy.backoffMs.initial, policy.backoffMs.max);
    try {
      await sleep(delay, undefined, { signal });
    } catch {
      return;
    }
  }
}
