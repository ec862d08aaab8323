import { readFile } from 'node:fs/promises';
import type { SecurityConfig } from '../config/security.ts';
import { Contract } from '../contracts/avro.ts';
import type { ClassificationRecord } from '../contracts/classification-record.ts';
import type { PostRecord } from '../contracts/post-record.ts';
import { createKafka } from '../kafka/client.ts';
import { consumeStage } from '../kafka/consume-stage.ts';
import { disconnectAll } from '../kafka/lifecycle.ts';
import { createTransactionalWriter } from '../kafka/transactional-writer.ts';
import { loadClassifier, type TextClassifier } from '../nlp/serve/classifier.ts';
import { createRegistryApi } from '../schemas/registry-api.ts';
import { createDeserializer, createSchemaRegistry, prepareSerializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { MetricsRegistry } from '../telemetry/metrics.ts';
import type { ClassifyConfig } from './config.ts';
import { createClassifyStage } from './handle.ts';

/**
 * Wires the classify stage: loads the model once, registers the result schema (refusing to
 * start if the registry rejects it), then consumes until stopped or idle.
 */
export interface ClassifyDepsIn {
  readonly signal: AbortSignal;
  readonly logger: Logger;
  readonly metrics: MetricsRegistry;
  /** Kafka TLS/SASL and registry credentials, parsed at the edge. */
  readonly security: SecurityConfig;
  readonly classifier?: TextClassifier;
}

export async function classify(config: ClassifyConfig, deps: ClassifyDepsIn): Promise<'signal' | 'idle'> {
  const { logger, metrics, security } = deps;
  const classifier =
    deps.classifier ??
    (await loadClassifier({
      modelsDir: config.modelsDir,
      catalogPath: config.models,
      encoder: config.encoder,
      taxonomyPath: config.taxonomy,
      topK: config.topK,
      encoderWorkers: config.encoderWorkers,
    }));
  logger.info('model loaded', { ...classifier.info });
  const registry = createSchemaRegistry(config.registryUrl, security.registry.auth);
  const outputSchema = config.outputSchema ? JSON.stringify(JSON.parse(await readFile(config.outputSchema, 'utf8'))) : undefined;
  const serializer = await prepareSerializer<ClassificationRecord>(
    registry,
    createRegistryApi(config.registryUrl, security.registry.auth),
    config.outputTopic,
    Contract.classification,
    outputSchema,
  );
  logger.info('writing results', {
    topic: config.outputTopic,
    subject: serializer.subject,
    schemaId: serializer.schemaId,
    schema: config.outputSchema ?? 'schemas/classification.avsc',
  });
  // The transactional id names the instance, so `kafka-consumer-groups --describe` (CLIENT-ID) shows who holds what.
  const kafka = createKafka({
    brokers: config.brokers,
    clientId: `streamsense-classify.${config.transactionalId}`,
    security: security.kafka,
  });
  const writer = createTransactionalWriter(kafka, { transactionalId: config.transactionalId, groupId: config.groupId, logger });
  const stage = createClassifyStage({
    classifier,
    writer,
    outputTopic: config.outputTopic,
    dlqTopic: config.dlqTopic,
    serializer,
    timeRule: { maxFutureSkewMs: config.maxFutureSkewMs },
    languages: config.languages,
    batching: { tokenBudget: config.tokenBudget, maxBatch: config.batchSize },
    metrics: {
      deleted: metrics.counter('tombstones_forwarded_total', 'Deleted posts whose tombstone was forwarded to the results topic'),
      classified: metrics.counter('records_classified_total', 'Posts classified and written to the results topic'),
      deadLetters: metrics.counter('dead_letters_total', 'Records sent to a dead-letter topic'),
      modelLatency: metrics.histogram(
        'model_batch_ms',
        'Model time per model call, mean over a window (ms)',
        [5, 10, 25, 50, 100, 250, 500, 1000, 2500],
      ),
      batchSize: metrics.histogram('batch_size', 'Posts per model call, mean over a window', [1, 2, 4, 8, 16, 32, 64, 128, 256]),
    },
  });
  try {
    await writer.connect();
    return await consumeStage<PostRecord>({
      kafka,
      stage: 'classify',
      groupId: config.groupId,
      topic: config.inputTopic,
      maxWaitMs: config.maxWaitMs,
      window: { size: config.windowSize, waitMs: config.windowWaitMs },
      idleExitMs: config.idleExitMs,
      sessionTimeoutMs: config.sessionTimeoutMs,
      autoCommit: false,
      deserializer: createDeserializer<PostRecord>(registry, Contract.tweet),
      prepare: (window) => stage.prepare(window),
      commit: (window, prepared) => stage.commit(window, prepared as Awaited<ReturnType<typeof stage.prepare>>),
      logger,
      metrics,
      signal: deps.signal,
    });
  } finally {
    await disconnectAll(logger, writer);
    if (!deps.classifier) await classifier.close();
  }
}
