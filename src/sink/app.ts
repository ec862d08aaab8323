import type { ClassificationRecord } from '../classify/classification-record.ts';
import type { SinkConfig } from '../config/sink.ts';
import { runBatchConsumer } from '../kafka/batch-consumer.ts';
import { createKafka } from '../kafka/client.ts';
import { createIdempotentProducer } from '../kafka/producer.ts';
import { createDeadLetterWriter } from '../kafka/dead-letter.ts';
import { disconnectAll, stageLifecycle } from '../kafka/stage-runner.ts';
import { Contract } from '../schemas/contracts.ts';
import { createDeserializer, createSchemaRegistry } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { MetricsRegistry } from '../telemetry/metrics.ts';
import { createDbPool } from './db.ts';
import { createSinkHandler } from './handle.ts';
import { migrate } from './migrations.ts';

/**
 * Wires the sink: migrations at start, then consume results and upsert them, committing
 * offsets only after the database commit.
 */
export async function sink(config: SinkConfig, deps: { signal: AbortSignal; logger: Logger; metrics: MetricsRegistry }): Promise<'signal' | 'idle'> {
  const { logger, metrics } = deps;
  const pool = createDbPool(config.mysqlUrl);
  const applied = await migrate(pool, config.table);
  if (applied.length > 0) logger.info('migrations applied', { table: config.table, ids: applied.join(',') });
  const registry = createSchemaRegistry(config.registryUrl);
  const kafka = createKafka({ brokers: config.brokers, clientId: 'streamsense-sink' });
  const producer = createIdempotentProducer(kafka);
  const consumer = kafka.consumer({ groupId: config.groupId, maxWaitTimeInMs: config.maxWaitMs, sessionTimeout: 30_000, heartbeatInterval: 3_000 });
  const lifecycle = stageLifecycle(deps.signal, config.idleExitMs);
  const deadLetterCounter = metrics.counter('dead_letters_total', 'Records sent to a dead-letter topic');
  const deadLetters = createDeadLetterWriter(producer, config.dlqTopic, deadLetterCounter);
  const handler = createSinkHandler({ pool, table: config.table, deadLetters, rowsWritten: metrics.counter('rows_written_total', 'Rows upserted into MySQL') });
  try {
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topic: config.inputTopic, fromBeginning: true });
    await runBatchConsumer<ClassificationRecord>({
      consumer,
      stage: 'sink',
      deserializer: createDeserializer<ClassificationRecord>(registry, Contract.classification),
      maxBatch: config.batchSize,
      autoCommit: true,
      handle: async (records) => {
        lifecycle.touch();
        await handler(records);
      },
      logger,
      counters: {
        consumed: metrics.counter('records_consumed_total', 'Records read from the input topic'),
        retries: metrics.counter('retries_total', 'Transient failures retried'),
      },
      signal: deps.signal,
    });
    const reason = await lifecycle.stopRequested;
    logger.info('stopping', { reason });
    return reason;
  } finally {
    lifecycle.dispose();
    await disconnectAll(logger, consumer, producer);
    await pool.end();
  }
}
