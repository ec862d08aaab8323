import { setTimeout as sleep } from 'node:timers/promises';
import type { Consumer } from 'kafkajs';
import { AppError, describeError, ErrorCode } from '../errors/app-error.ts';
import { withRetry } from '../errors/retry.ts';
import { isTransient } from '../errors/transient.ts';
import type { Logger } from '../telemetry/log.ts';

/**
 * Keeps a stage's consumer alive across broker outages of any length. kafkajs gives up after
 * its retry budget ("failed to find group coordinator", "retries exceeded") and will not
 * restart such a consumer; we then build a fresh one and start it again, resuming from the
 * committed offsets. Any other crash fails `failed`, so the process exits non-zero instead of
 * idling silently.
 */
export interface SupervisedConsumer {
  readonly failed: Promise<never>;
  current(): Consumer;
  stop(): Promise<void>;
}

export interface SuperviseOptions {
  readonly create: () => Consumer;
  readonly start: (consumer: Consumer) => Promise<void>;
  readonly logger: Logger;
  readonly signal: AbortSignal;
}

const isKafkaError = (error: unknown) => error instanceof Error && error.name.startsWith('KafkaJS');

export async function superviseConsumer(options: SuperviseOptions): Promise<SupervisedConsumer> {
  let consumer: Consumer;
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => undefined);

  const launch = async (): Promise<void> => {
    const next = options.create();
    consumer = next;
    next.on(next.events.CRASH, ({ payload }) => {
      if (payload.restart || options.signal.aborted) return;
      if (!isKafkaError(payload.error)) {
        fail(
          new AppError(ErrorCode.INTERNAL, `Consumer of group ${payload.groupId} crashed: ${payload.error.message}`, {
            cause: payload.error,
          }),
        );
        return;
      }
      options.logger.warn('consumer gave up (broker unreachable?); starting a fresh one', { error: describeError(payload.error) });
      void next
        .disconnect()
        .catch(() => undefined)
        .then(() => sleep(1_000))
        .then(() => (options.signal.aborted ? undefined : launch()))
        .catch(fail);
    });
    await withRetry(() => options.start(next), {
      retries: Number.MAX_SAFE_INTEGER,
      initialMs: 500,
      maxMs: 5_000,
      signal: options.signal,
      isRetriable: (error) => isTransient(error) || isKafkaError(error),
      onRetry: (error, attempt) => options.logger.warn('cannot start consuming yet, retrying', { attempt, error: describeError(error) }),
    });
  };

  await launch();
  return {
    failed,
    current: () => consumer,
    stop: () => consumer.disconnect(),
  };
}
