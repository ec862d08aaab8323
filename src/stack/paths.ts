import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { StackConfig } from './config.ts';

/** Where each service keeps its downloads, data, pid file and log under the stack dir. */
export const ServiceName = { KAFKA: 'kafka', REGISTRY: 'registry', MYSQL: 'mysql' } as const;
export type ServiceName = (typeof ServiceName)[keyof typeof ServiceName];
export const serviceNames: readonly ServiceName[] = Object.values(ServiceName);
/** What status, logs and reports call a process: the service, or `kafka-<id>` for a cluster node. */
export type NodeName = ServiceName | `kafka-${number}`;

export interface ServicePaths {
  readonly home: string;
  readonly data: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export interface StackPaths {
  readonly root: string;
  readonly runDir: string;
  readonly logsDir: string;
  readonly lockFile: string;
  readonly kafka: ServicePaths & { readonly libs: string; readonly pom: string; readonly properties: string; readonly log4j: string };
  readonly registry: ServicePaths & { readonly app: string; readonly download: string };
  readonly mysql: ServicePaths & { readonly socket: string };
}

export function stackPaths(config: StackConfig): StackPaths {
  const root = config.dir;
  const service = (name: ServiceName, home: string): ServicePaths => ({
    home,
    data: path.join(home, 'data'),
    pidFile: path.join(root, 'run', `${name}.pid`),
    logFile: path.join(root, 'logs', `${name}.log`),
  });
  const kafkaHome = path.join(root, 'kafka');
  const registryHome = path.join(root, 'registry');
  const mysqlHome = path.join(root, 'mariadb');
  return {
    root,
    runDir: path.join(root, 'run'),
    logsDir: path.join(root, 'logs'),
    lockFile: path.join(root, 'run', 'stack.lock'),
    kafka: {
      ...service(ServiceName.KAFKA, kafkaHome),
      libs: path.join(kafkaHome, 'libs'),
      pom: path.join(kafkaHome, 'pom.xml'),
      properties: path.join(kafkaHome, 'server.properties'),
      log4j: path.join(kafkaHome, 'log4j2.yaml'),
    },
    registry: {
      ...service(ServiceName.REGISTRY, registryHome),
      app: path.join(registryHome, `app-${config.registry.version}`),
      download: path.join(registryHome, 'download'),
    },
    mysql: { ...service(ServiceName.MYSQL, mysqlHome), socket: socketPath(root) },
  };
}

/** Unix socket paths are limited to ~108 bytes; fall back to the temp dir for deep stack dirs. */
function socketPath(root: string): string {
  const preferred = path.join(root, 'run', 'mysqld.sock');
  if (Buffer.byteLength(preferred) < 100) return preferred;
  const hash = createHash('sha256').update(root).digest('hex').slice(0, 12);
  return path.join(os.tmpdir(), `streamsense-${hash}.sock`);
}
