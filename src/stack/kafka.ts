import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { noSecurity, redactText } from '../config/security.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { createKafka } from '../kafka/client.ts';
import type { StackConfig } from './config.ts';
import { log4jYaml, pomXml, serverProperties } from './kafka-config.ts';
import { brokerAddresses, type KafkaLayout, type KafkaNode, kafkaLayout, SASL_USER } from './kafka-layout.ts';
import { kafkaBrokerCount } from './kafka-mode.ts';
import { dependencyPlugin, runMaven } from './maven.ts';
import { requirePortsFree } from './net.ts';
import { type StackPaths, stackPaths } from './paths.ts';
import { requireJava } from './prereq.ts';
import { spawnDetached } from './proc.ts';
import type { Report, StackService } from './service.ts';
import { ensureProjectTopics } from './topics.ts';
import { waitUntil } from './wait.ts';

/**
 * Apache Kafka in KRaft mode: one node acting as broker and controller, or (`up --brokers 3`) a
 * cluster of combined broker+controller nodes on one machine. Jars come from Maven Central
 * (kafka_2.13 and its runtime dependencies plus a log4j2 binding), so no tarball download from
 * apache.org is needed.
 */
const run = promisify(execFile);

export function currentKafkaLayout(config: StackConfig): KafkaLayout {
  return kafkaLayout(config, stackPaths(config), kafkaBrokerCount(config));
}

export function kafkaBrokers(config: StackConfig): string[] {
  return brokerAddresses(config, currentKafkaLayout(config));
}

/** One service per node; only the first one downloads (they share the jars). */
export function kafkaServices(config: StackConfig, paths: StackPaths, layout: KafkaLayout): StackService[] {
  const marker = path.join(paths.kafka.libs, '.fetched');
  return layout.nodes.map((node, i) => ({
    name: node.name,
    kind: 'kafka',
    url: `kafka://${config.host}:${node.port}`,
    external: false,
    pidFile: node.pidFile,
    logFile: node.logFile,
    dataDirs: [node.data],
    stopGraceMs: 30_000,
    downloads: i === 0,
    isFetched: async () => existsSync(marker) && (await readFile(marker, 'utf8')).trim() === config.kafka.version,
    fetch: async (report) => fetchKafka(config, paths, marker, report),
    start: async () => startNode(config, paths, layout, node),
    probe: async () => probeKafka([`${config.host}:${node.port}`]),
    health: async () => probeKafka([`${config.host}:${node.port}`]),
    configure: async () => undefined,
  }));
}

/**
 * Once every node answers: wait until all brokers have registered (a topic with RF 3 cannot be
 * created before), then create the project topics.
 */
export async function configureKafka(config: StackConfig, layout: KafkaLayout, report: Report): Promise<void> {
  const brokers = brokerAddresses(config, layout);
  if (layout.brokers > 1) {
    const result = await waitUntil(async () => (await registeredBrokers(brokers)) >= layout.brokers, { timeoutMs: config.startTimeoutMs });
    if (!result.ok) {
      throw new AppError(
        ErrorCode.SERVICE_START,
        `kafka: fewer than ${layout.brokers} brokers registered within ${config.startTimeoutMs / 1000}s; see the kafka-<id> logs`,
        {
          cause: result.lastError,
        },
      );
    }
  }
  await ensureProjectTopics(config, brokers, layout, report);
  if (layout.nodes[0]!.saslPort !== undefined) await ensureScramUser(config, stackPaths(config), brokers[0]!, report);
}

/**
 * SCRAM credentials live in the cluster metadata, not in server.properties: upsert them with
 * Kafka's ConfigCommand (idempotent). The password is on its command line for the few seconds it
 * runs (its --add-config-file form splits a SCRAM entry into two clashing updates); it is a
 * local test credential, and never printed. One call per mechanism: Kafka 4.1 refuses two
 * credentials of one user in the same request ("cannot be altered twice").
 */
async function ensureScramUser(config: StackConfig, paths: StackPaths, bootstrap: string, report: Report): Promise<void> {
  const java = await requireJava({ minMajor: 11, purpose: 'Kafka ConfigCommand' });
  const pw = config.kafka.saslPassword;
  const upsert = (mechanism: string) =>
    run(
      java.bin,
      [
        `-Dlog4j2.configurationFile=${paths.kafka.log4j}`,
        '-cp',
        `${paths.kafka.libs}/*`,
        'kafka.admin.ConfigCommand',
        ...['--bootstrap-server', bootstrap, '--alter', '--entity-type', 'users', '--entity-name', SASL_USER],
        ...['--add-config', `${mechanism}=[iterations=8192,password=${pw}]`],
      ],
      { timeout: 120_000 },
    );
  try {
    await Promise.all([upsert('SCRAM-SHA-256'), upsert('SCRAM-SHA-512')]);
  } catch (cause) {
    const output = cause && typeof cause === 'object' && 'stderr' in cause ? String(cause.stderr).slice(-2000) : '';
    throw new AppError(ErrorCode.SERVICE_START, `kafka: creating the SCRAM user ${SASL_USER} failed\n${redactText(output, [pw])}`);
  }
  report(`kafka: SASL listener(s) accept user ${SASL_USER} with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512`);
}

async function fetchKafka(config: StackConfig, paths: StackPaths, marker: string, report: Report): Promise<void> {
  const p = paths.kafka;
  await rm(p.libs, { recursive: true, force: true });
  await mkdir(p.libs, { recursive: true });
  await writeFile(p.pom, pomXml(config.kafka.version));
  report(`kafka: resolving org.apache.kafka:kafka_2.13:${config.kafka.version} and its dependencies with Maven`);
  await runMaven(
    [`${dependencyPlugin}:copy-dependencies`, `-DoutputDirectory=${p.libs}`, '-DincludeScope=runtime'],
    p.home,
    `Kafka ${config.kafka.version}`,
  );
  const jars = (await readdir(p.libs)).filter((f) => f.endsWith('.jar'));
  await writeFile(marker, `${config.kafka.version}\n`);
  report(`kafka: ${jars.length} jars in ${p.libs}`);
}

/** A Kafka cluster id: 16 random bytes, base64url, not starting with '-' (as Uuid.randomUuid). */
function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id;
  }
}

/** Every node of a cluster must be formatted with the same id; the first start picks it. */
function clusterIdOf(layout: KafkaLayout): string {
  if (layout.clusterHome === null) return newClusterId();
  const file = path.join(layout.clusterHome, 'cluster.id');
  try {
    // Synchronous on purpose: the nodes start concurrently and the first one must win whole.
    writeFileSync(file, `${newClusterId()}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFileSync(file, 'utf8').trim();
}

async function startNode(config: StackConfig, paths: StackPaths, layout: KafkaLayout, node: KafkaNode): Promise<void> {
  const p = paths.kafka;
  const minJava = Number(config.kafka.version.split('.')[0]) >= 4 ? 17 : 11;
  const java = await requireJava({ minMajor: minJava, purpose: `Kafka ${config.kafka.version}` });
  await requirePortsFree(node.name, config.host, [
    [node.port, 'STREAMSENSE_KAFKA_PORT'],
    [node.controllerPort, 'STREAMSENSE_KAFKA_CONTROLLER_PORT'],
    ...(node.saslPort === undefined ? [] : [[node.saslPort, 'STREAMSENSE_KAFKA_SASL_PORT'] as const]),
  ]);
  await mkdir(node.data, { recursive: true });
  await writeFile(node.properties, serverProperties(config, layout, node));
  await writeFile(p.log4j, log4jYaml);
  const jvm = [`-Xmx${layout.heap}`, '-Xms256m', `-Dlog4j2.configurationFile=${p.log4j}`, '-cp', `${p.libs}/*`];
  if (!existsSync(path.join(node.data, 'meta.properties'))) await formatStorage(java.bin, jvm, node.properties, layout);
  await spawnDetached({
    service: node.name,
    command: java.bin,
    args: [...jvm, '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-Djava.awt.headless=true', 'kafka.Kafka', node.properties],
    cwd: node.home,
    logFile: node.logFile,
    pidFile: node.pidFile,
  });
}

/** KRaft needs its log dir formatted once; `--standalone` makes a single node the only voter. */
async function formatStorage(javaBin: string, jvm: readonly string[], properties: string, layout: KafkaLayout): Promise<void> {
  const standalone = layout.brokers === 1 ? ['--standalone'] : [];
  const args = [...jvm, 'kafka.tools.StorageTool', 'format', ...standalone, '-t', clusterIdOf(layout), '-c', properties];
  try {
    await run(javaBin, args, { timeout: 120_000 });
  } catch (cause) {
    const output = cause && typeof cause === 'object' && 'stderr' in cause ? String(cause.stderr).slice(-2000) : '';
    throw new AppError(ErrorCode.SERVICE_START, `kafka: formatting the storage failed; try \`npm run stack -- reset\`\n${output}`, {
      cause,
    });
  }
}

function probeClient(brokers: readonly string[]) {
  return createKafka({
    brokers,
    clientId: 'streamsense-stack-probe',
    logLevel: 'silent',
    // The stack talks to its own plaintext listener, whatever KAFKA_SASL_*/KAFKA_SSL say.
    security: noSecurity.kafka,
    retry: { retries: 0, initialRetryTimeMs: 100, maxRetryTimeMs: 100 },
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 3000,
  }).admin();
}

async function probeKafka(brokers: readonly string[]): Promise<boolean> {
  const admin = probeClient(brokers);
  try {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 && cluster.controller !== null && cluster.controller >= 0;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function registeredBrokers(brokers: readonly string[]): Promise<number> {
  const admin = probeClient(brokers);
  try {
    await admin.connect();
    return (await admin.describeCluster()).brokers.length;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
