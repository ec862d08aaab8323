import type { SecurityConfig } from '../config/security.ts';
import { Contract } from '../contracts/avro.ts';
import type { PostRecord } from '../contracts/post-record.ts';
import { createKafka } from '../kafka/client.ts';
import { createDeadLetterWriter } from '../kafka/dead-letter.ts';
import { createIdempotentProducer } from '../kafka/producer.ts';
import { createRegistryApi } from '../schemas/registry-api.ts';
import { createSchemaRegistry, prepareSerializer } from '../schemas/serde.ts';
import type { Logger } from '../telemetry/log.ts';
import type { MetricsRegistry } from '../telemetry/metrics.ts';
import type { ProduceConfig } from './config.ts';
import { type ProduceStats, runProducer } from './run.ts';
import type { Source } from './source.ts';
import { createBlueskySource } from './sources/bluesky.ts';
import { createFileSource } from './sources/file.ts';
import { createMastodonSource } from './sources/mastodon.ts';
import { DEFAULT_RECONNECT } from './sources/reconnect.ts';
import { createStdinSource } from './sources/stdin.ts';
import { createXSource } from './sources/x.ts';
import { createStateStore } from './state-store.ts';

/**
 * Wires the producer: idempotent kafkajs producer with compression, the tweet schema
 * registered up front (a rejected schema stops the start with the registry's message),
 * the chosen source, and the dead-letter writer.
 */
export function createSource(config: ProduceConfig, logger: Logger, metrics?: MetricsRegistry): Source {
  if (config.source === 'stdin') return createStdinSource();
  if (config.source === 'x')
    return createXSource({ bearerToken: config.bearerToken, rules: config.rules, baseUrl: config.xBaseUrl, logger });
  const reconnects = metrics?.counter('source_reconnects_total', 'Live source connections that ended or failed and were retried');
  const reconnect = { ...DEFAULT_RECONNECT, ...(reconnects && { reconnects }) };
  const live = {
    reconnect,
    keywords: config.keywords,
    languages: config.lang,
    stallTimeoutMs: config.stallTimeoutMs,
    pingIntervalMs: Math.min(15_000, Math.max(100, Math.floor(config.stallTimeoutMs / 3))),
    logger,
  };
  if (config.source === 'bluesky')
    return createBlueskySource({ ...live, url: config.jetstreamUrl, dids: config.dids, rewindMs: config.rewindMs });
  if (config.source === 'mastodon') {
    return createMastodonSource({
      ...live,
      instance: config.instance!,
      token: config.mastodonToken,
      stream: config.stream,
      hashtag: config.hashtag,
      accounts: config.accounts,
    });
  }
  return createFileSource({ path: config.file, format: config.format, loop: config.loop });
}

export async function produce(
  config: ProduceConfig,
  deps: {
    signal: AbortSignal;
    logger: Logger;
    metrics: MetricsRegistry;
    security: SecurityConfig;
    source?: Source;
    onProgress?: (s: ProduceStats) => void;
  },
): Promise<ProduceStats> {
  const { security } = deps;
  const kafka = createKafka({ brokers: config.brokers, clientId: 'streamsense-produce', security: security.kafka });
  const registry = createSchemaRegistry(config.registryUrl, security.registry.auth);
  const serializer = await prepareSerializer<PostRecord>(
    registry,
    createRegistryApi(config.registryUrl, security.registry.auth),
    config.topic,
    Contract.tweet,
  );
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  try {
    const source = deps.source ?? createSource(config, deps.logger, deps.metrics);
    return await runProducer({
      source,
      state: { store: createStateStore(kafka, producer, config.stateTopic), key: `${source.name}:${config.topic}` },
      producer,
      topic: config.topic,
      serializer,
      deadLetters: createDeadLetterWriter(
        producer,
        config.dlqTopic,
        deps.metrics.counter('dead_letters_total', 'Records sent to a dead-letter topic'),
      ),
      ratePerSecond: config.rate,
      maxPosts: config.count,
      batchSize: config.batchSize,
      lingerMs: config.lingerMs,
      signal: deps.signal,
      logger: deps.logger,
      counters: {
        produced: deps.metrics.counter('records_produced_total', 'Posts written to the raw topic'),
        invalid: deps.metrics.counter('invalid_input_total', 'Input items rejected by validation'),
      },
      onProgress: deps.onProgress,
      maxFutureSkewMs: config.maxFutureSkewMs,
    });
  } finally {
    await producer.disconnect();
  }
}
