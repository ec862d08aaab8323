import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { StackConfig } from './config.ts';
import { dependencyPlugin, runMaven } from './maven.ts';
import { httpStatus, requirePortsFree } from './net.ts';
import type { StackPaths } from './paths.ts';
import { requireJava, requireTool } from './prereq.ts';
import { spawnDetached } from './proc.ts';
import type { Report, StackService } from './service.ts';

/**
 * Apicurio Registry 3.x, a Quarkus app, serving the Confluent-compatible API (ccompat v7) that
 * our serde speaks. Storage is a file-backed H2 database under the stack dir, so schemas survive
 * restarts. The global compatibility is BACKWARD; project subjects tighten it per subject.
 */
const run = promisify(execFile);
export const globalCompatibility = 'BACKWARD';

export function registryBaseUrl(config: StackConfig): string {
  return `http://${config.host}:${config.registry.port}`;
}

/** The Confluent-compatible API root that schema registry clients are given. */
export function registryUrl(config: StackConfig): string {
  return `${registryBaseUrl(config)}/apis/ccompat/v7`;
}

export function registryService(config: StackConfig, paths: StackPaths): StackService {
  const p = paths.registry;
  return {
    name: 'registry',
    kind: 'registry',
    url: registryUrl(config),
    external: false,
    pidFile: p.pidFile,
    logFile: p.logFile,
    dataDirs: [p.data],
    stopGraceMs: 20_000,
    downloads: true,
    isFetched: async () => (await findRunner(p.app)) !== null,
    fetch: async (report) => fetchRegistry(config, paths, report),
    start: async () => startRegistry(config, paths),
    probe: async () => (await httpStatus(`${registryUrl(config)}/subjects`)) === 200,
    health: async () => (await httpStatus(`${registryUrl(config)}/subjects`)) === 200,
    configure: async (report) => setGlobalCompatibility(config, report),
  };
}

/** Apicurio 3.2 and later are built for Java 21. */
export function minJava(version: string): number {
  const [major, minor] = version.split('.').map(Number);
  return major > 3 || (major === 3 && minor >= 2) ? 21 : 17;
}

async function fetchRegistry(config: StackConfig, paths: StackPaths, report: Report): Promise<void> {
  const p = paths.registry;
  const version = config.registry.version;
  const tar = await requireTool(['tar'], 'install tar to unpack the registry');
  const artifact = `io.apicurio:apicurio-registry-app:${version}:tar.gz:all`;
  report(`registry: downloading ${artifact} (about 160 MB) with Maven`);
  await rm(p.download, { recursive: true, force: true });
  await mkdir(p.download, { recursive: true });
  await runMaven(
    [`${dependencyPlugin}:copy`, `-Dartifact=${artifact}`, `-DoutputDirectory=${p.download}`],
    p.download,
    `Apicurio Registry ${version}`,
  );
  const archive = path.join(p.download, `apicurio-registry-app-${version}-all.tar.gz`);
  const staging = `${p.app}.partial`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  report(`registry: unpacking ${path.basename(archive)}`);
  await run(tar, ['-xzf', archive, '-C', staging]);
  await rm(p.app, { recursive: true, force: true });
  await rename(staging, p.app);
  // The archive stays in ~/.m2; no need to keep a second copy.
  await rm(p.download, { recursive: true, force: true });
  if (!(await findRunner(p.app))) {
    throw new AppError(ErrorCode.FETCH, `registry: no quarkus-run.jar inside ${archive}; is ${version} an Apicurio 3.x version?`);
  }
  report(`registry: unpacked into ${p.app}`);
}

/** quarkus-run.jar sits at the top of 3.3.x archives and one or two levels down in others. */
async function findRunner(dir: string, depth = 0): Promise<string | null> {
  if (!existsSync(dir) || depth > 3 || dir.endsWith('.partial')) return null;
  const direct = path.join(dir, 'quarkus-run.jar');
  if (existsSync(direct)) return direct;
  for (const entry of await readdir(dir)) {
    const child = path.join(dir, entry);
    if (entry === 'lib' || !(await stat(child)).isDirectory()) continue;
    const found = await findRunner(child, depth + 1);
    if (found) return found;
  }
  return null;
}

async function startRegistry(config: StackConfig, paths: StackPaths): Promise<void> {
  const p = paths.registry;
  const runner = await findRunner(p.app);
  if (!runner) throw new AppError(ErrorCode.PREREQUISITE, 'registry: not fetched; run `npm run stack -- fetch`');
  const java = await requireJava({
    minMajor: minJava(config.registry.version),
    purpose: `Apicurio Registry ${config.registry.version}`,
    javaHome: config.registry.javaHome,
  });
  await requirePortsFree('registry', config.host, [
    [config.registry.port, 'STREAMSENSE_REGISTRY_PORT'],
    [config.registry.managementPort, 'STREAMSENSE_REGISTRY_MANAGEMENT_PORT'],
  ]);
  await mkdir(p.data, { recursive: true });
  const props: Record<string, string> = {
    'quarkus.http.host': config.host,
    'quarkus.http.port': String(config.registry.port),
    // Quarkus' management interface (health, metrics) would otherwise listen on *:9000.
    'quarkus.management.host': config.host,
    'quarkus.management.port': String(config.registry.managementPort),
    'quarkus.http.access-log.enabled': 'false',
    'quarkus.otel.sdk.disabled': 'true',
    'apicurio.storage.kind': 'sql',
    'apicurio.storage.sql.kind': 'h2',
    'apicurio.datasource.url': `jdbc:h2:file:${path.join(p.data, 'registry')}`,
    'apicurio.datasource.jdbc.initial-size': '2',
    'apicurio.datasource.jdbc.min-size': '2',
    'apicurio.datasource.jdbc.max-size': '10',
  };
  await spawnDetached({
    service: 'registry',
    command: java.bin,
    args: [`-Xmx${config.registry.heap}`, '-Xms64m', ...Object.entries(props).map(([k, v]) => `-D${k}=${v}`), '-jar', runner],
    cwd: p.home,
    logFile: p.logFile,
    pidFile: p.pidFile,
  });
}

async function setGlobalCompatibility(config: StackConfig, report: Report): Promise<void> {
  const response = await fetch(`${registryUrl(config)}/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ compatibility: globalCompatibility }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = await response.text();
  if (!response.ok) {
    throw new AppError(ErrorCode.SERVICE_START, `registry: setting global compatibility failed (${response.status}): ${body}`);
  }
  report(`registry: global compatibility ${globalCompatibility}`);
}
