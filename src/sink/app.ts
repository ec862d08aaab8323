import type { SecurityConfig } from '../config/security.ts';
import { Contract } from '../contracts/avro.ts';
import type { ClassificationRecord } from '../contracts/classification-record.ts';
import { migrate } from '../db/migrations.ts';
import { createDbPool } from '../db/pool.ts';
import { createKafka } from '../kafka/client.ts';
import { consumeStage } from '../kafka/consume-stage.ts';
import { createDeadLetterWriter } from '../kafka/dead-letter.ts';
import { disconnectAll } from '../kafka/lifecycle.ts';
import { createIdempotentProducer } from '../kafka/producer.ts';
import { createDeserializer, createSchemaRegistry } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { MetricsRegistry } from '../telemetry/metrics.ts';
import type { SinkConfig } from './config.ts';
import { createSinkStage } from './handle.ts';

/**
 * Wires the sink: migrations at start, then consume results in windows and upsert each window in
 * one database transaction, committing offsets only after the database commit.
 */
export async function sink(
  config: SinkConfig,
  deps: { signal: AbortSignal; logger: Logger; metrics: MetricsRegistry; security: SecurityConfig },
): Promise<'signal' | 'idle'> {
  const { logger, metrics, security } = deps;
  const pool = createDbPool(config.mysqlUrl, { ssl: security.mysql.ssl });
  const applied = await migrate(pool, config.table);
  if (applied.length > 0) logger.info('migrations applied', { table: config.table, ids: applied.join(',') });
  const registry = createSchemaRegistry(config.registryUrl, security.registry.auth);
  const kafka = createKafka({ brokers: config.brokers, clientId: 'streamsense-sink', security: security.kafka });
  const producer = createIdempotentProducer(kafka);
  const deadLetterCounter = metrics.counter('dead_letters_total', 'Records sent to a dead-letter topic');
  const deadLetters = createDeadLetterWriter(producer, config.dlqTopic, deadLetterCounter);
  const stage = createSinkStage({
    pool,
    table: config.table,
    deadLetters,
    rowsWritten: metrics.counter('rows_written_total', 'Rows upserted into MySQL'),
    rowsDeleted: metrics.counter('rows_deleted_total', 'Rows deleted because the post was deleted at the source'),
  });
  try {
    await producer.connect();
    return await consumeStage<ClassificationRecord>({
      kafka,
      stage: 'sink',
      groupId: config.groupId,
      topic: config.inputTopic,
      maxWaitMs: config.maxWaitMs,
      window: { size: config.batchSize, waitMs: config.windowWaitMs },
      idleExitMs: config.idleExitMs,
      autoCommit: true,
      deserializer: createDeserializer<ClassificationRecord>(registry, Contract.classification),
      prepare: (window) => stage.prepare(window),
      commit: (window, rows) => stage.commit(window, rows as Awaited<ReturnType<typeof stage.prepare>>),
      logger,
      metrics,
      signal: deps.signal,
    });
  } finally {
    await disconnectAll(logger, producer);
    await pool.end();
  }
}
