import { z } from 'zod';
import type { OptionSpec } from './cli.ts';

/**
 * The three services every stage talks to. Defaults point at the private stack that
 * `npm run stack -- up` starts (ports from ARCHITECTURE.md).
 */
export const DEFAULT_KAFKA_BROKERS = '127.0.0.1:19092';
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:18081/apis/ccompat/v7';
export const DEFAULT_MYSQL_URL = 'mysql://streamsense:streamsense@127.0.0.1:13306/streamsense';

/** Where the three services are: what the stack reports and every stage is pointed at. */
export interface Connection {
  readonly kafkaBrokers: readonly string[];
  /** Confluent-compatible schema registry API root, e.g. http://127.0.0.1:18081/apis/ccompat/v7 */
  readonly registryUrl: string;
  readonly mysqlUrl: string;
}

export const kafkaOptions = {
  brokers: {
    flag: 'brokers',
    env: 'KAFKA_BROKERS',
    description: 'Kafka bootstrap servers, comma separated',
    example: '127.0.0.1:19092',
    default: DEFAULT_KAFKA_BROKERS,
  },
  registryUrl: {
    flag: 'registry-url',
    env: 'SCHEMA_REGISTRY_URL',
    description: 'Confluent-compatible schema registry base URL',
    example: DEFAULT_REGISTRY_URL,
    default: DEFAULT_REGISTRY_URL,
  },
} as const satisfies Record<string, OptionSpec>;

export const mysqlOptions = {
  mysqlUrl: {
    flag: 'mysql-url',
    env: 'MYSQL_URL',
    description: 'MySQL/MariaDB connection URL',
    example: DEFAULT_MYSQL_URL,
    default: DEFAULT_MYSQL_URL,
  },
} as const satisfies Record<string, OptionSpec>;

export const brokersSchema = z
  .string()
  .default(DEFAULT_KAFKA_BROKERS)
  .transform((s) =>
    s
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'each broker must be host:port')).min(1, 'give at least one broker'));

export const registryUrlSchema = z.url({ message: 'must be an http(s) URL' }).default(DEFAULT_REGISTRY_URL);

export const mysqlUrlSchema = z
  .string()
  .default(DEFAULT_MYSQL_URL)
  .refine((s) => /^mysql:\/\/[^/]+\/\w+/.test(s), 'must look like mysql://user:password@host:port/database');

/** Accepts numbers from flags/env (strings) and from code. */
export const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** A comma list of language subtags (`en,de`), lower-cased; `*` (null) = every language. Default `en`. */
export const languageList = z
  .string()
  .default('en')
  .transform((v) =>
    v.trim() === '*'
      ? null
      : v
          .split(',')
          .map((l) => l.trim().toLowerCase())
          .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[a-z]{2,3}$/, 'must be language subtags like "en,de", or *'))
      .min(1)
      .nullable(),
  );
