import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { type EnvSource, envString, parseConfig, portSchema, positiveInt } from '../config/common.ts';
import { loadSecurityConfig, type TlsConfig } from '../config/security.ts';

/**
 * Config of the local service stack (Kafka, schema registry, MariaDB), from env only.
 * Every default lives here; docs/stack.md lists the variables.
 */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const heapSchema = z.string().regex(/^\d+[mMgG]$/, 'expected a JVM size such as 512m or 1g');
const versionSchema = z.string().regex(/^\d+\.\d+\.\d+$/, 'expected a version such as 4.1.1');

const stackSchema = z.strictObject({
  dir: z.string().min(1),
  host: z.literal('127.0.0.1'),
  startTimeoutMs: positiveInt.default(180_000),
  /** Install missing system packages (MariaDB, Java, Maven) with apt; STREAMSENSE_NO_INSTALL=1 turns it off. */
  install: z
    .enum(['0', '1'])
    .default('0')
    .transform((noInstall) => noInstall !== '1'),
  kafka: z.strictObject({
    version: versionSchema.default('4.1.1'),
    port: portSchema.default(19092),
    controllerPort: portSchema.default(19093),
    /** An extra SASL_PLAINTEXT client listener (PLAIN, SCRAM-SHA-256/512) for trying the security knobs; off when unset. */
    saslPort: portSchema.optional(),
    saslPassword: z
      .string()
      .regex(/^[^"\\\s,=[\]]{8,}$/, 'at least 8 characters, none of: quotes, backslashes, spaces , = [ ]')
      .default('streamsense-secret'),
    /** Unset: whatever `up` last started in this stack dir, else one node (src/stack/kafka-mode.ts). */
    brokers: positiveInt.max(9).optional(),
    /** Unset: 512m for a single node, 384m per node in a cluster. */
    heap: heapSchema.optional(),
    partitions: positiveInt.max(1000).default(6),
  }),
  registry: z.strictObject({
    version: versionSchema.default('3.3.3'),
    port: portSchema.default(18081),
    managementPort: portSchema.default(18082),
    heap: heapSchema.default('384m'),
    javaHome: z.string().min(1).optional(),
  }),
  mysql: z.strictObject({
    url: z
      .string()
      .regex(/^mysql:\/\/.+/, 'expected a mysql:// URL')
      .optional(),
    port: portSchema.default(13306),
    /** TLS for an external server (MYSQL_SSL...), read with the rest of the env; the stack's own MariaDB listens without it. */
    ssl: z.custom<TlsConfig>().nullable().default(null),
  }),
});

export type StackConfig = z.output<typeof stackSchema>;

const sources: Record<string, EnvSource> = {
  dir: { env: 'STREAMSENSE_STACK_DIR', example: '/var/tmp/streamsense-stack' },
  startTimeoutMs: { env: 'STREAMSENSE_STACK_TIMEOUT_MS', example: '180000' },
  install: { env: 'STREAMSENSE_NO_INSTALL', example: '1' },
  'kafka.version': { env: 'STREAMSENSE_KAFKA_VERSION', example: '4.1.1' },
  'kafka.port': { env: 'STREAMSENSE_KAFKA_PORT', example: '19092' },
  'kafka.controllerPort': { env: 'STREAMSENSE_KAFKA_CONTROLLER_PORT', example: '19093' },
  'kafka.brokers': { env: 'STREAMSENSE_BROKERS', example: '3' },
  'kafka.saslPort': { env: 'STREAMSENSE_KAFKA_SASL_PORT', example: '19098' },
  'kafka.saslPassword': { env: 'STREAMSENSE_KAFKA_SASL_PASSWORD', example: 'a-long-local-secret' },
  'kafka.heap': { env: 'STREAMSENSE_KAFKA_HEAP', example: '512m' },
  'kafka.partitions': { env: 'STREAMSENSE_PARTITIONS', example: '6' },
  'registry.version': { env: 'STREAMSENSE_REGISTRY_VERSION', example: '3.3.3' },
  'registry.port': { env: 'STREAMSENSE_REGISTRY_PORT', example: '18081' },
  'registry.managementPort': { env: 'STREAMSENSE_REGISTRY_MANAGEMENT_PORT', example: '18082' },
  'registry.heap': { env: 'STREAMSENSE_REGISTRY_HEAP', example: '384m' },
  'registry.javaHome': { env: 'STREAMSENSE_REGISTRY_JAVA_HOME', example: '/usr/lib/jvm/temurin-25-jdk-amd64' },
  'mysql.url': { env: 'MYSQL_URL', example: 'mysql://user:pass@127.0.0.1:3306/streamsense' },
  'mysql.port': { env: 'STREAMSENSE_MYSQL_PORT', example: '13306' },
};

/** Read the stack config from env (process.env by default); throws one CONFIG error listing every problem. */
export function loadStackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  const read = (key: string) => envString.parse(env[sources[key].env]);
  const dir = read('dir');
  const input = {
    dir: path.resolve(repoRoot, dir ?? '.stack'),
    host: '127.0.0.1',
    startTimeoutMs: read('startTimeoutMs'),
    install: read('install'),
    kafka: {
      version: read('kafka.version'),
      port: read('kafka.port'),
      controllerPort: read('kafka.controllerPort'),
      brokers: read('kafka.brokers'),
      saslPort: read('kafka.saslPort'),
      saslPassword: read('kafka.saslPassword'),
      heap: read('kafka.heap'),
      partitions: read('kafka.partitions'),
    },
    registry: {
      version: read('registry.version'),
      port: read('registry.port'),
      managementPort: read('registry.managementPort'),
      heap: read('registry.heap'),
      javaHome: read('registry.javaHome'),
    },
    mysql: {
      url: read('mysql.url'),
      port: read('mysql.port'),
      ssl: read('mysql.url') === undefined ? null : loadSecurityConfig(env).mysql.ssl,
    },
  };
  return parseConfig(stackSchema.superRefine(distinctPorts), input, sources);
}

/**
 * Node i (1-based) of a cluster listens on port + 2(i-1) and controllerPort + 2(i-1), so the
 * defaults give 19092/19093, 19094/19095, 19096/19097; a single node keeps port/controllerPort.
 */
export function kafkaNodePorts(
  config: StackConfig,
  brokers: number,
): Array<{ id: number; port: number; controllerPort: number; saslPort?: number }> {
  const { port, controllerPort, saslPort } = config.kafka;
  return Array.from({ length: brokers }, (_, i) => ({
    id: i + 1,
    port: port + 2 * i,
    controllerPort: controllerPort + 2 * i,
    ...(saslPort !== undefined && { saslPort: saslPort + 2 * i }),
  }));
}

function distinctPorts(config: StackConfig, ctx: z.RefinementCtx): void {
  const nodes = kafkaNodePorts(config, config.kafka.brokers ?? 1);
  const ports: Array<[string[], number]> = [
    ...nodes.flatMap(
      (n): Array<[string[], number]> => [
        [['kafka', 'port'], n.port],
        [['kafka', 'controllerPort'], n.controllerPort],
        ...(n.saslPort === undefined ? [] : [[['kafka', 'saslPort'], n.saslPort] as [string[], number]]),
      ],
    ),
    [['registry', 'port'], config.registry.port],
    [['registry', 'managementPort'], config.registry.managementPort],
    [['mysql', 'port'], config.mysql.port],
  ];
  const seen = new Map<number, string>();
  for (const [key, port] of ports) {
    if (port > 65535) {
      ctx.addIssue({ code: 'custom', path: key, message: `port ${port} (for broker ${config.kafka.brokers}) is above 65535` });
      continue;
    }
    const other = seen.get(port);
    if (other) ctx.addIssue({ code: 'custom', path: key, message: `port ${port} is already used by ${other}` });
    else seen.set(port, sources[key.join('.')].env);
  }
}
