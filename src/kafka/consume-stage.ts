import type { Kafka } from 'kafkajs';
import type { Deserializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { MetricsRegistry } from '../telemetry/metrics.ts';
import { type BatchConsumerOptions, runBatchConsumer, type Window } from './batch-consumer.ts';
import { createStageConsumer } from './consumer.ts';
import { consumerLag } from './lag.ts';
import { stageLifecycle } from './lifecycle.ts';
import { superviseConsumer } from './supervised-consumer.ts';

/**
 * Runs a consuming stage until it is told to stop (signal or idle), with a supervised
 * consumer and the shared batch loop. Returns why it stopped; the consumer is disconnected
 * (committing resolved offsets) before it returns.
 */
export interface ConsumeStageOptions<T> {
  readonly kafka: Kafka;
  readonly stage: BatchConsumerOptions<T>['stage'];
  readonly groupId: string;
  readonly topic: string;
  readonly maxWaitMs: number;
  /** Records per window (one transaction) and how long a window waits to fill. */
  readonly window: BatchConsumerOptions<T>['window'];
  readonly idleExitMs: number;
  readonly autoCommit: boolean;
  readonly deserializer: Deserializer<T>;
  readonly prepare: (window: Window<T>) => Promise<unknown>;
  readonly commit: (window: Window<T>, prepared: unknown) => Promise<void>;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  readonly signal: AbortSignal;
  /** Consumer group session timeout (src/kafka/consumer.ts has the default and why). */
  readonly sessionTimeoutMs?: number;
}

export async function consumeStage<T>(options: ConsumeStageOptions<T>): Promise<'signal' | 'idle'> {
  const lifecycle = stageLifecycle(options.signal, options.idleExitMs);
  const counters = {
    consumed: options.metrics.counter('records_consumed_total', 'Records read from the input topic'),
    retries: options.metrics.counter('retries_total', 'Transient failures retried'),
    windowSize: options.metrics.histogram('window_records', 'Records per window (one commit)', [1, 8, 32, 64, 128, 256, 512, 1024, 2048]),
  };
  const consumer = await superviseConsumer({
    create: () =>
      createStageConsumer(options.kafka, {
        groupId: options.groupId,
        maxWaitTimeInMs: options.maxWaitMs,
        sessionTimeoutMs: options.sessionTimeoutMs,
      }),
    logger: options.logger,
    signal: options.signal,
    start: async (c) => {
      await c.connect();
      await c.subscribe({ topic: options.topic, fromBeginning: true });
      await runBatchConsumer<T>({
        consumer: c,
        stage: options.stage,
        deserializer: options.deserializer,
        window: options.window,
        autoCommit: options.autoCommit,
        prepare: (window) => {
          lifecycle.touch();
          return options.prepare(window);
        },
        commit: async (window, prepared) => {
          await options.commit(window, prepared);
          lifecycle.touch();
        },
        logger: options.logger,
        counters,
        signal: options.signal,
      });
    },
  });
  const lag = reportLag(options);
  try {
    const reason = await Promise.race([lifecycle.stopRequested, consumer.failed]);
    options.logger.info('stopping', { reason });
    return reason;
  } finally {
    await lag.stop();
    lifecycle.dispose();
    await consumer.stop().catch((error: Error) => options.logger.warn('consumer disconnect failed', { error: error.message }));
  }
}

/** Keeps the `consumer_lag` gauge current (every 5 s) for /metrics; a broker outage just skips updates. */
function reportLag(options: Pick<ConsumeStageOptions<unknown>, 'kafka' | 'metrics' | 'groupId' | 'topic'>): { stop(): Promise<void> } {
  const gauge = options.metrics.gauge('consumer_lag', 'Records in the input topic not yet committed by this group');
  const admin = options.kafka.admin();
  let connected = admin.connect().then(
    () => true,
    () => false,
  );
  const update = async () => {
    if (!(await connected))
      connected = admin.connect().then(
        () => true,
        () => false,
      );
    const value = await consumerLag(admin, options.groupId, options.topic).catch(() => undefined);
    if (value !== undefined) gauge.set(value, { group: options.groupId, topic: options.topic });
  };
  const timer = setInterval(() => void update(), 5_000);
  return {
    async stop() {
      clearInterval(timer);
      await admin.disconnect().catch(() => undefined);
    },
  };
}
