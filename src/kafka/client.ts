import { Kafka, type KafkaConfig, logLevel as KafkaLogLevel, type LogEntry, Partitioners, type ProducerConfig } from 'kafkajs';
import { type KafkaSecurity, redactFields, redactText } from '../config/security.ts';
import { createLogger, type Logger } from '../telemetry/log.ts';
import { fixRequestQueueTimerLoop } from './request-queue-fix.ts';

/**
 * The one place that constructs kafkajs clients. Everything else receives a `Kafka` built here,
 * so brokers, client id, retries and logging are configured the same way across scripts.
 */
export const KafkaClientLogLevel = { SILENT: 'silent', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug' } as const;
export type KafkaClientLogLevel = (typeof KafkaClientLogLevel)[keyof typeof KafkaClientLogLevel];

export interface KafkaRetryConfig {
  /** Attempts after the first one. */
  readonly retries: number;
  readonly initialRetryTimeMs: number;
  readonly maxRetryTimeMs: number;
}

export interface KafkaClientConfig {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** kafkajs' own verbosity; what passes is then filtered again by LOG_LEVEL. Default warn. */
  readonly logLevel?: KafkaClientLogLevel;
  readonly retry?: KafkaRetryConfig;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  /** TLS and SASL, parsed at the edge (KAFKA_SSL, KAFKA_SASL_*; docs/security.md); `noSecurity.kafka` for plaintext. */
  readonly security: KafkaSecurity;
}

export const defaultRetry: KafkaRetryConfig = { retries: 8, initialRetryTimeMs: 300, maxRetryTimeMs: 30_000 };

const toKafkaLevel: Record<KafkaClientLogLevel, KafkaLogLevel> = {
  silent: KafkaLogLevel.NOTHING,
  error: KafkaLogLevel.ERROR,
  warn: KafkaLogLevel.WARN,
  info: KafkaLogLevel.INFO,
  debug: KafkaLogLevel.DEBUG,
};

export function createKafka(config: KafkaClientConfig, logger: Logger = createLogger('kafkajs')): Kafka {
  const retry = config.retry ?? defaultRetry;
  const { security } = config;
  const secrets = [security.sasl?.password, security.ssl?.key].filter((s): s is string => !!s);
  fixRequestQueueTimerLoop();
  return new Kafka({
    ...kafkaSecurityOptions(security),
    brokers: [...config.brokers],
    clientId: config.clientId,
    connectionTimeout: config.connectionTimeoutMs ?? 3000,
    requestTimeout: config.requestTimeoutMs ?? 30_000,
    retry: { retries: retry.retries, initialRetryTime: retry.initialRetryTimeMs, maxRetryTime: retry.maxRetryTimeMs },
    logLevel: toKafkaLevel[config.logLevel ?? 'warn'],
    logCreator: () => (entry) => forward(logger, entry, secrets),
  });
}

/** kafkajs' `ssl` and `sasl` options; nothing (plaintext, no auth) when neither is configured. */
export function kafkaSecurityOptions(security: KafkaSecurity): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const options: Pick<KafkaConfig, 'ssl' | 'sasl'> = {};
  if (security.ssl) options.ssl = { ...security.ssl };
  if (security.sasl) {
    const { username, password } = security.sasl;
    // One branch per mechanism: kafkajs types the options as a union keyed by the mechanism.
    if (security.sasl.mechanism === 'plain') options.sasl = { mechanism: 'plain', username, password };
    else if (security.sasl.mechanism === 'scram-sha-256') options.sasl = { mechanism: 'scram-sha-256', username, password };
    else options.sasl = { mechanism: 'scram-sha-512', username, password };
  }
  return options;
}

/**
 * CONCURRENT_TRANSACTIONS is the coordinator saying "busy, ask again": it is still writing the
 * markers of the previous transaction (a new one began right after a commit), or aborting the
 * open transaction of a crashed predecessor after a restart fenced it. The transaction itself is
 * fine and the request is retried (kafkajs marks the error retriable; the Java client retries it
 * quietly after retry.backoff.ms). kafkajs logs each retry at ERROR, as "Failed to send
 * messages: The producer attempted to update a transaction while another concurrent operation
 * on the same transaction was ongoing" (kafkajs#1315), so these are only debug here.
 */
const CONCURRENT_TRANSACTIONS = /another concurrent operation on the same transaction was ongoing/;

/** Secrets never reach the log: kafkajs' messages and fields are scrubbed before they are written. */
function forward(logger: Logger, entry: LogEntry, secrets: readonly string[]): void {
  const { message, timestamp: _timestamp, logger: _name, ...fields } = entry.log as unknown as Record<string, unknown>;
  const text = redactText(String(message), secrets);
  const extra = redactFields({ namespace: entry.namespace, ...fields }, secrets);
  // kafkajs logs every error response at ERROR in its Connection layer before its retrier deals
  // with it (e.g. "coordinator is loading" right after a broker start); the outcome is reported
  // by the producer/consumer/admin layers or thrown to the caller, so these are only debug.
  if (entry.namespace === 'Connection' && entry.level <= KafkaLogLevel.ERROR) logger.debug(text, extra);
  else if (CONCURRENT_TRANSACTIONS.test(text)) logger.debug(text, extra);
  else if (entry.level <= KafkaLogLevel.ERROR) logger.error(text, extra);
  else if (entry.level === KafkaLogLevel.WARN) logger.warn(text, extra);
  else if (entry.level === KafkaLogLevel.INFO) logger.info(text, extra);
  else logger.debug(text, extra);
}

/**
 * Producer options every producer should start from: kafkajs' default (Java-compatible murmur2)
 * partitioner chosen explicitly, so keys land on the same partitions as with Java clients and
 * kafkajs does not warn about its v2 partitioner change.
 */
export const producerDefaults: ProducerConfig = { createPartitioner: Partitioners.DefaultPartitioner };
