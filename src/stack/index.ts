import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Connection } from '../config/connections.ts';
import { AppError, describeError, ErrorCode } from '../errors/app-error.ts';
import { ensureProjectCompatibility } from '../schemas/project-subjects.ts';
import { createRegistryApi } from '../schemas/registry-api.ts';
import type { StackConfig } from './config.ts';
import { configureKafka, currentKafkaLayout, kafkaBrokers, kafkaServices } from './kafka.ts';
import { brokerAddresses, type KafkaLayout } from './kafka-layout.ts';
import { allKafkaDataDirs, forgetBrokerCount, kafkaPidFiles, recordBrokerCount, requireNoOtherKafka } from './kafka-mode.ts';
import { withLock } from './lock.ts';
import { mysqlService, mysqlUrl } from './mariadb.ts';
import { type NodeName, type ServiceName, stackPaths } from './paths.ts';
import { runningProcess, stopProcess } from './proc.ts';
import { mavenRequirement, provision, stackRequirements } from './provision.ts';
import { minJava, registryService, registryUrl } from './registry.ts';
import { type Report, ServiceState, type ServiceStatus, type StackService } from './service.ts';
import { waitUntil } from './wait.ts';

export { loadStackConfig, type StackConfig } from './config.ts';
export { kafkaBrokerCount } from './kafka-mode.ts';
export { type NodeName, ServiceName, serviceNames } from './paths.ts';
export type { Report, ServiceStatus } from './service.ts';
/**
 * The local service stack as a library: `npm run stack`, `npm start` and the integration test
 * helper all go through these functions. Every call is idempotent.
 */
export { kafkaBrokers, mysqlUrl, registryUrl };

export interface StackOptions {
  /** Progress and readiness lines; silent when omitted. */
  readonly report?: Report;
  /** Only these services (e.g. a test's private Kafka cluster next to the shared registry and MySQL); default all. */
  readonly services?: readonly ServiceName[];
}

export interface StackUpResult {
  readonly connection: Connection;
  readonly services: readonly ServiceStatus[];
}

const silent: Report = () => undefined;
const lockWaitMs = 10 * 60_000;

/** Where clients reach the stack; with a cluster, `kafkaBrokers` lists every broker. */
export function stackConnection(config: StackConfig): Connection {
  return connectionFor(config, currentKafkaLayout(config));
}

/** In start order: the Kafka node(s), the registry, MySQL. */
export function stackServices(
  config: StackConfig,
  only?: readonly ServiceName[],
  layout = currentKafkaLayout(config),
): readonly StackService[] {
  const paths = stackPaths(config);
  const all = [...kafkaServices(config, paths, layout), registryService(config, paths), mysqlService(config, paths)];
  return only ? all.filter((s) => only.includes(s.kind)) : all;
}

/** The log of a service or cluster node (`kafka-2`); a node that never ran has no file yet. */
export function stackLogFile(config: StackConfig, name: NodeName): string {
  const paths = stackPaths(config);
  const node = /^kafka-(\d+)$/.exec(name);
  if (node) return path.join(paths.logsDir, `kafka-${node[1]}.log`);
  return paths[name as ServiceName].logFile;
}

/** Download what is missing into the stack dir; starts nothing. */
export async function stackFetch(config: StackConfig, options: StackOptions = {}): Promise<void> {
  const report = options.report ?? silent;
  await withLock(stackPaths(config).lockFile, lockWaitMs, async () => {
    const services = stackServices(config, options.services);
    const toFetch = await Promise.all(services.map(async (s) => s.downloads && !(await s.isFetched())));
    if (toFetch.some(Boolean)) await provision([mavenRequirement], { install: config.install, report });
    await fetchMissing(services, report);
  });
}

async function fetchMissing(services: readonly StackService[], report: Report): Promise<void> {
  for (const service of services.filter((s) => s.downloads)) {
    if (await service.isFetched()) {
      report(`${service.kind}: already fetched`);
      continue;
    }
    const started = Date.now();
    await service.fetch(report);
    report(`${service.kind}: fetched in ${seconds(started)}`);
  }
}

/** Fetch if needed, start what is not running, wait until every service is ready and configured. */
export async function stackUp(config: StackConfig, options: StackOptions = {}): Promise<StackUpResult> {
  const report = options.report ?? silent;
  const paths = stackPaths(config);
  return withLock(paths.lockFile, lockWaitMs, async () => {
    const layout = currentKafkaLayout(config);
    const services = stackServices(config, options.services, layout);
    const withKafka = services.some((s) => s.kind === 'kafka');
    await provision(stackRequirements(await systemNeeds(config, services)), { install: config.install, report });
    if (withKafka) await requireNoOtherKafka(paths, layout);
    await fetchMissing(services, report);
    if (withKafka) await recordBrokerCount(paths, layout.brokers);
    const results = await Promise.allSettled(services.map((s) => upService(config, s, report)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AppError(
        ErrorCode.SERVICE_START,
        `${failures.length} services failed to start:\n${failures.map(describeFailure).join('\n')}`,
        {
          cause: new AggregateError(failures),
        },
      );
    }
    if (withKafka) await configureKafka(config, layout, report);
    if (services.some((s) => s.kind === 'registry')) {
      const newlySet = await ensureProjectCompatibility(createRegistryApi(registryUrl(config), null));
      if (newlySet.length > 0) report(`registry: ${newlySet.join(', ')} set to BACKWARD_TRANSITIVE`);
    }
    return { connection: connectionFor(config, layout), services: results.map((r) => (r as PromiseFulfilledResult<ServiceStatus>).value) };
  });
}

/** What the services not yet running need from the system: a MariaDB server, Java, Maven. */
async function systemNeeds(config: StackConfig, services: readonly StackService[]) {
  const toStart = (await Promise.all(services.map(async (s) => (s.external || (await runningProcess(s.pidFile)) ? null : s)))).filter(
    (s) => s !== null,
  );
  const has = (kind: ServiceName) => toStart.some((s) => s.kind === kind);
  const registryJava = has('registry') && !config.registry.javaHome ? minJava(config.registry.version) : null;
  return { mysql: has('mysql'), kafka: has('kafka'), registryJava, registryVersion: config.registry.version };
}

function connectionFor(config: StackConfig, layout: KafkaLayout): Connection {
  return Object.freeze({
    kafkaBrokers: Object.freeze(brokerAddresses(config, layout)),
    registryUrl: registryUrl(config),
    mysqlUrl: mysqlUrl(config),
  });
}

function describeFailure(error: unknown): string {
  return `  - ${error instanceof Error ? error.message : describeError(error)}`;
}

async function upService(config: StackConfig, service: StackService, report: Report): Promise<ServiceStatus> {
  const started = Date.now();
  let record = service.external ? null : await runningProcess(service.pidFile);
  const wasRunning = record !== null;
  if (!service.external && !record) {
    await service.start();
    record = await runningProcess(service.pidFile);
  }
  await waitReady(config, service);
  await service.configure(report);
  const how = service.external ? 'external' : wasRunning ? 'already running' : `started in ${seconds(started)}`;
  report(`${service.name.padEnd(8)} ready  ${service.url}  (${how}${record ? `, pid ${record.pid}` : ''})`);
  return {
    name: service.name,
    state: service.external ? ServiceState.EXTERNAL : ServiceState.RUNNING,
    pid: record?.pid ?? null,
    url: service.url,
    healthy: true,
  };
}

async function waitReady(config: StackConfig, service: StackService): Promise<void> {
  const timeoutMs = service.external ? 15_000 : config.startTimeoutMs;
  const result = await waitUntil(service.probe, {
    timeoutMs,
    failFast: async () => {
      if (service.external || (await runningProcess(service.pidFile))) return null;
      return new AppError(ErrorCode.SERVICE_START, 'the process exited');
    },
  });
  if (result.ok) return;
  const why = result.lastError ? describeError(result.lastError) : 'no answer';
  const tail = service.external
    ? '; it is external (MYSQL_URL): is that server running and the URL right?'
    : `\nlast lines of ${service.logFile}:\n${await logTail(service.logFile, 15)}`;
  throw new AppError(
    service.external ? ErrorCode.SERVICE_UNAVAILABLE : ErrorCode.SERVICE_START,
    `${service.name} did not become ready at ${service.url} within ${timeoutMs / 1000}s (${why})${tail}`,
    { context: { service: service.name }, cause: result.lastError },
  );
}

async function logTail(file: string, lines: number): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/** Stop exactly the processes `up` started (from their pid files); external services are left alone. */
export async function stackDown(config: StackConfig, options: StackOptions = {}): Promise<void> {
  await withLock(stackPaths(config).lockFile, lockWaitMs, () => downAll(config, options.report ?? silent));
}

/** Stops the current layout's services, and any other Kafka node still running from this stack dir. */
async function downAll(config: StackConfig, report: Report): Promise<void> {
  const paths = stackPaths(config);
  const local = stackServices(config).filter((s) => !s.external);
  const known = new Set(local.map((s) => s.pidFile));
  const strays = (await kafkaPidFiles(paths)).filter((f) => !known.has(f));
  const stop = async (name: string, pidFile: string, graceMs: number, quietIfStopped: boolean) => {
    const started = Date.now();
    const outcome = await stopProcess(pidFile, graceMs);
    if (outcome === 'not-running') {
      if (!quietIfStopped) report(`${name.padEnd(8)} not running`);
    } else report(`${name.padEnd(8)} ${outcome === 'killed' ? 'killed after the grace period' : 'stopped'} in ${seconds(started)}`);
  };
  await Promise.all([
    ...local.map((s) => stop(s.name, s.pidFile, s.stopGraceMs, false)),
    ...strays.map((f) => stop(path.basename(f, '.pid'), f, 30_000, true)),
  ]);
  await forgetBrokerCount(paths);
}

/** Down, then delete every data dir (topics, schemas, tables); downloads are kept. */
export async function stackReset(config: StackConfig, options: StackOptions = {}): Promise<void> {
  const report = options.report ?? silent;
  await withLock(stackPaths(config).lockFile, lockWaitMs, async () => {
    await downAll(config, report);
    const paths = stackPaths(config);
    const dirs: Array<[string, string]> = [
      ...(await allKafkaDataDirs(paths)).map((dir): [string, string] => ['kafka', dir]),
      ...stackServices(config)
        .filter((s) => s.kind !== 'kafka')
        .flatMap((s) => s.dataDirs.map((dir): [string, string] => [s.name, dir])),
    ];
    for (const [name, dir] of dirs) {
      await rm(dir, { recursive: true, force: true });
      report(`${name.padEnd(8)} deleted ${dir}`);
    }
  });
}

export async function stackStatus(config: StackConfig): Promise<ServiceStatus[]> {
  return Promise.all(stackServices(config).map((service) => serviceStatus(service)));
}

async function serviceStatus(service: StackService): Promise<ServiceStatus> {
  const record = service.external ? null : await runningProcess(service.pidFile);
  const base = { name: service.name, url: service.url, pid: record?.pid ?? null };
  if (!service.external && !record) return { ...base, state: ServiceState.STOPPED, healthy: false, detail: 'not running' };
  const state = service.external ? ServiceState.EXTERNAL : ServiceState.RUNNING;
  try {
    const healthy = await service.health();
    return { ...base, state, healthy, ...(healthy ? {} : { detail: 'health check failed' }) };
  } catch (error) {
    return { ...base, state, healthy: false, detail: describeError(error) };
  }
}

function seconds(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)}s`;
}
