import { Kafka, logLevel, type KafkaConfig, type LogEntry } from 'kafkajs';
import { createLogger } from '../telemetry/log.ts';

/**
 * The one seam to kafkajs: every script gets its Kafka instance here, with kafkajs' own logs
 * routed through our logger (warnings and errors only unless LOG_LEVEL=debug).
 */
export interface KafkaClientOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly connectionTimeoutMs?: number;
  readonly retries?: number;
}

export function createKafka(options: KafkaClientOptions): Kafka {
  const log = createLogger('kafkajs');
  const debug = (process.env.LOG_LEVEL ?? '').toLowerCase() === 'debug';
  const config: KafkaConfig = {
    clientId: options.clientId,
    brokers: [...options.brokers],
    connectionTimeout: options.connectionTimeoutMs ?? 3_000,
    retry: { retries: options.retries ?? 8, initialRetryTime: 300, maxRetryTime: 10_000 },
    logLevel: debug ? logLevel.DEBUG : logLevel.WARN,
    logCreator:
      () =>
      ({ level, label, log: entry }: LogEntry) => {
        const { message, ...fields } = entry;
        const write = level <= logLevel.ERROR ? log.error : level === logLevel.WARN ? log.warn : log.debug;
        write(`${label} ${message}`, fields);
      },
  };
  return new Kafka(config);
}
