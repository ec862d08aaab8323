import type { NodeName, ServiceName } from './paths.ts';

/** What the stack needs from each service; kafka.ts, registry.ts and mariadb.ts implement it. */
export interface StackService {
  /** `kafka`, `registry`, `mysql`, or `kafka-<id>` for each node of a Kafka cluster. */
  readonly name: NodeName;
  readonly kind: ServiceName;
  /** Where clients reach it (display form). */
  readonly url: string;
  /** An external service (e.g. MYSQL_URL) is only checked, never started or stopped. */
  readonly external: boolean;
  readonly pidFile: string;
  readonly logFile: string;
  /** Data that `reset` deletes; downloads are kept. */
  readonly dataDirs: readonly string[];
  /** Seconds to wait after SIGTERM before SIGKILL. */
  readonly stopGraceMs: number;
  /** False for services that run from system binaries (MariaDB) or are external. */
  readonly downloads: boolean;
  isFetched(): Promise<boolean>;
  fetch(report: Report): Promise<void>;
  /** Check prerequisites and ports, prepare config/data, spawn the process. */
  start(): Promise<void>;
  /** One readiness probe; throws or answers false while not ready. */
  probe(): Promise<boolean>;
  /** Idempotent setup once ready (topics, compatibility, database user). */
  configure(report: Report): Promise<void>;
  /** Whether clients can use it the way the project does (after configure). */
  health(): Promise<boolean>;
}

export type Report = (line: string) => void;

export const ServiceState = { RUNNING: 'running', STOPPED: 'stopped', EXTERNAL: 'external' } as const;
export type ServiceState = (typeof ServiceState)[keyof typeof ServiceState];

export interface ServiceStatus {
  readonly name: NodeName;
  readonly state: ServiceState;
  readonly pid: number | null;
  readonly url: string;
  readonly healthy: boolean;
  /** Why it is unhealthy, when it is. */
  readonly detail?: string;
}
