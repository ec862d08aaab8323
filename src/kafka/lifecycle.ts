import type { Consumer } from 'kafkajs';
import type { Logger } from '../telemetry/log.ts';
import { aborted } from '../telemetry/shutdown.ts';

/**
 * Lifecycle shared by consuming stages: run until the signal aborts or, when `idleExitMs` is
 * set, until no record arrived for that long; then stop fetching, let the in-flight batch
 * finish and commit, and disconnect.
 */
export interface StageLifecycle {
  /** Call whenever records arrive, to reset the idle clock. */
  touch(): void;
  /** Resolves when the stage should stop. */
  readonly stopRequested: Promise<'signal' | 'idle'>;
}

export function stageLifecycle(signal: AbortSignal, idleExitMs: number): StageLifecycle & { dispose(): void } {
  let last = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    if (idleExitMs <= 0) return;
    timer = setInterval(
      () => {
        if (Date.now() - last >= idleExitMs) resolve('idle');
      },
      Math.min(500, idleExitMs),
    );
  });
  return {
    touch: () => {
      last = Date.now();
    },
    stopRequested: Promise.race([aborted(signal).then(() => 'signal' as const), idle]),
    dispose: () => clearInterval(timer),
  };
}

export async function disconnectAll(logger: Logger, ...clients: Array<{ disconnect(): Promise<void> } | Consumer>): Promise<void> {
  for (const client of clients) {
    try {
      await client.disconnect();
    } catch (error) {
      logger.warn('disconnect failed', { error: (error as Error).message });
    }
  }
}
