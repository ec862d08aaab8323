import { readFile, rm } from 'node:fs/promises';
import type { StackConfig } from '../config/stack.ts';
import { AppError, ErrorCode, describeError } from '../errors/app-error.ts';
import { kafkaBrokers, kafkaService } from './kafka.ts';
import { withLock } from './lock.ts';
import { mysqlService, mysqlUrl } from './mariadb.ts';
import { stackPaths, type ServiceName } from './paths.ts';
import { runningProcess, stopProcess } from './proc.ts';
import { registryService, registryUrl } from './registry.ts';
import { ServiceState, type Report, type ServiceStatus, type StackService } from './service.ts';
import { waitUntil } from './wait.ts';
import { ensureProjectCompatibility } from '../schemas/project-subjects.ts';
import { createRegistryApi } from '../schemas/registry-api.ts';

/**
 * The local service stack as a library: `npm run stack`, `npm start` and the integration test
 * helper all go through these functions. Every call is idempotent.
 */
export { kafkaBrokers, mysqlUrl, registryUrl };
export { loadStackConfig, type StackConfig } from '../config/stack.ts';
export type { Report, ServiceStatus } from './service.ts';
export { ServiceName, serviceNames } from './paths.ts';

export interface StackConnection {
  readonly kafkaBrokers: readonly string[];
  /** Confluent-compatible schema registry API root, e.g. http://127.0.0.1:18081/apis/ccompat/v7 */
  readonly registryUrl: string;
  readonly mysqlUrl: string;
}

export interface StackOptions {
  /** Progress and readiness lines; silent when omitted. */
  readonly report?: Report;
}

export interface StackUpResult {
  readonly connection: StackConnection;
  readonly services: readonly ServiceStatus[];
}

const silent: Report = () => undefined;
const lockWaitMs = 10 * 60_000;

export function stackConnection(config: StackConfig): StackConnection {
  return Object.freeze({ kafkaBrokers: Object.freeze(kafkaBrokers(config)), registryUrl: registryUrl(config), mysqlUrl: mysqlUrl(config) });
}

/** In start order. */
export function stackServices(config: StackConfig): readonly StackService[] {
  const paths = stackPaths(config);
  return [kafkaService(config, paths), registryService(config, paths), mysqlService(config, paths)];
}

export function stackLogFile(config: StackConfig, name: ServiceName): string {
  return stackPaths(config)[name].logFile;
}

/** Download what is missing into the stack dir; starts nothing. */
export async function stackFetch(config: StackConfig, options: StackOptions = {}): Promise<void> {
  await withLock(stackPaths(config).lockFile, lockWaitMs, () => fetchMissing(config, options.report ?? silent));
}

async function fetchMissing(config: StackConfig, report: Report): Promise<void> {
  for (const service of stackServices(config).filter((s) => s.downloads)) {
    if (await service.isFetched()) {
      report(`${service.name}: already fetched`);
      continue;
    }
    const started = Date.now();
    await service.fetch(report);
    report(`${service.name}: fetched in ${seconds(started)}`);
  }
}

/** Fetch if needed, start what is not running, wait until every service is ready and configured. */
export async function stackUp(config: StackConfig, options: StackOptions = {}): Promise<StackUpResult> {
  const report = options.report ?? silent;
  return withLock(stackPaths(config).lockFile, lockWaitMs, async () => {
    await fetchMissing(config, report);
    const results = await Promise.allSettled(stackServices(config).map((s) => upService(config, s, report)));
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length > 1) {
      throw new AppError(ErrorCode.SERVICE_START, `${failures.length} services failed to start:\n${failures.map(describeFailure).join('\n')}`, {
        cause: new AggregateError(failures),
      });
    }
    const services = results.map((r) => (r as PromiseFulfilledResult<ServiceStatus>).value);
    const newlySet = await ensureProjectCompatibility(createRegistryApi(registryUrl(config)));
    if (newlySet.length > 0) report(`registry: ${newlySet.join(', ')} set to BACKWARD_TRANSITIVE`);
    return { connection: stackConnection(config), services };
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
  return { name: service.name, state: service.external ? ServiceState.EXTERNAL : ServiceState.RUNNING, pid: record?.pid ?? null, url: service.url, healthy: true };
}

async function waitReady(config: StackConfig, service: StackService): Promise<void> {
  const timeoutMs = service.external ? 15_000 : config.startTimeoutMs;
  const result = await waitUntil(service.probe, {
    timeoutMs,
    failFast: async () => {
      if (service.external || (await runningProcess(service.pidFile))) return null;
      return new Error('the process exited');
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

async function downAll(config: StackConfig, report: Report): Promise<void> {
  const local = stackServices(config).filter((s) => !s.external);
  await Promise.all(
    local.map(async (service) => {
      const started = Date.now();
      const outcome = await stopProcess(service.pidFile, service.stopGraceMs);
      if (outcome === 'not-running') report(`${service.name.padEnd(8)} not running`);
      else report(`${service.name.padEnd(8)} ${outcome === 'killed' ? 'killed after the grace period' : 'stopped'} in ${seconds(started)}`);
    }),
  );
}

/** Down, then delete every data dir (topics, schemas, tables); downloads are kept. */
export async function stackReset(config: StackConfig, options: StackOptions = {}): Promise<void> {
  const report = options.report ?? silent;
  await withLock(stackPaths(config).lockFile, lockWaitMs, async () => {
    await downAll(config, report);
    for (const service of stackServices(config)) {
      for (const dir of service.dataDirs) {
        await rm(dir, { recursive: true, force: true });
        report(`${service.name.padEnd(8)} deleted ${dir}`);
      }
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
