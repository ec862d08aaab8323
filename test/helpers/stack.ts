import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from '../../src/config/connections.ts';
import { loadStackConfig, type StackConfig, stackConnection, stackUp } from '../../src/stack/index.ts';
import { createLogger } from '../../src/telemetry/log.ts';

/**
 * Integration tests reach the real services through here. `ensureStack()` brings the shared
 * private stack up once per test process (stackUp is idempotent and locked, so parallel test
 * files are safe) and returns where the services listen.
 */
export interface TestStack extends Connection {
  readonly config: StackConfig;
}

let shared: Promise<TestStack> | undefined;

export function ensureStack(): Promise<TestStack> {
  shared ??= upStack(loadStackConfig());
  return shared;
}

async function upStack(config: StackConfig): Promise<TestStack> {
  const log = createLogger('test:stack');
  await stackUp(config, { report: (line) => log.debug(line) });
  return { config, ...stackConnection(config) };
}

/** A name no other test or run uses: `<prefix>-<time>-<random>` (letters, digits, '-', '_' only). */
export function uniqueName(prefix: string, separator = '-'): string {
  return [prefix, Date.now().toString(36), randomBytes(3).toString('hex')].join(separator);
}

/**
 * The config of a second, throw-away stack in a temp dir on free ports, for tests that must stop
 * and start services without disturbing the shared stack other tests use.
 */
export async function privateStackConfig(): Promise<StackConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ss-stack-'));
  const [kafka, controller, registry, management, mysql] = await freePorts(5);
  return loadStackConfig({
    ...process.env,
    MYSQL_URL: '',
    STREAMSENSE_STACK_DIR: dir,
    STREAMSENSE_KAFKA_PORT: String(kafka),
    STREAMSENSE_KAFKA_CONTROLLER_PORT: String(controller),
    STREAMSENSE_REGISTRY_PORT: String(registry),
    STREAMSENSE_REGISTRY_MANAGEMENT_PORT: String(management),
    STREAMSENSE_MYSQL_PORT: String(mysql),
    STREAMSENSE_PARTITIONS: '2',
  });
}

async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Server>((resolve) => {
          const server = net.createServer();
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((s) => (s.address() as net.AddressInfo).port);
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}
