import type { Admin } from 'kafkajs';
import type { KafkaSecurity } from '../config/security.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { createKafka } from '../kafka/client.ts';
import { consumerLag } from '../kafka/lag.ts';
import type { Logger } from '../telemetry/log.ts';

/**
 * Consumer lag per group for the health panel, asked from Kafka with one admin client and
 * cached for `cacheMs`, so a page polling /api/health (and many pages at once) costs Kafka a
 * few requests every couple of seconds. Kafka being down or slow never fails the health call:
 * each report is bounded by `timeoutMs` and then says `unavailable`.
 */
export interface LagTarget {
  readonly group: string;
  readonly topic: string;
}

export interface GroupLag extends LagTarget {
  /** Sum over partitions of (log end - committed offset); null when it could not be read. */
  lag: number | null;
  error?: string;
}

export interface LagReport {
  ok: boolean;
  /** 'ok', or 'unavailable' when Kafka did not answer (then `error` says why). */
  status: 'ok' | 'unavailable' | 'disabled';
  brokers: readonly string[];
  checkedAt: string;
  groups: GroupLag[];
  error?: string;
}

export interface LagOptions {
  readonly brokers: readonly string[];
  /** Kafka TLS/SASL, parsed at the edge. */
  readonly security: KafkaSecurity;
  readonly targets: readonly LagTarget[];
  readonly cacheMs?: number;
  readonly timeoutMs?: number;
  readonly log: Logger;
}

/** `group=topic` (config form) into a target. */
export function parseLagTarget(entry: string): LagTarget {
  const at = entry.indexOf('=');
  return { group: entry.slice(0, at), topic: entry.slice(at + 1) };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Kafka unreachable (the whole report is unavailable) rather than one group's topic or offsets. */
function isConnectionProblem(error: unknown): boolean {
  const name = error instanceof Error ? error.name : '';
  return /Connection|Timeout|BrokerNotFound/.test(name) || /ECONNREFUSED|No brokers|timed? ?out|not connected/i.test(message(error));
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AppError(ErrorCode.SERVICE_UNAVAILABLE, `${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class ConsumerLagMonitor {
  private admin: Admin | null = null;
  private cached: { at: number; report: LagReport } | null = null;
  private inFlight: Promise<LagReport> | null = null;
  private wasDown = false;
  private readonly cacheMs: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: LagOptions) {
    this.cacheMs = options.cacheMs ?? 2000;
    this.timeoutMs = options.timeoutMs ?? 1500;
  }

  /** The latest report, at most `cacheMs` old; concurrent callers share one Kafka round. */
  report(): Promise<LagReport> {
    if (this.options.targets.length === 0) return Promise.resolve(this.empty('disabled'));
    if (this.cached && Date.now() - this.cached.at < this.cacheMs) return Promise.resolve(this.cached.report);
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  async close(): Promise<void> {
    await this.inFlight?.catch(() => undefined);
    await this.dropAdmin();
  }

  private empty(status: LagReport['status'], error?: string): LagReport {
    const groups = this.options.targets.map((t) => ({ ...t, lag: null }));
    return {
      ok: status !== 'unavailable',
      status,
      brokers: this.options.brokers,
      checkedAt: new Date().toISOString(),
      groups,
      ...(error && { error }),
    };
  }

  private async fetch(): Promise<LagReport> {
    let report: LagReport;
    try {
      const admin = await withTimeout(this.connected(), this.timeoutMs, 'connecting to Kafka');
      const groups = await withTimeout(this.allGroups(admin), this.timeoutMs, 'reading offsets');
      report = { ok: true, status: 'ok', brokers: this.options.brokers, checkedAt: new Date().toISOString(), groups };
      if (this.wasDown) this.options.log.info('consumer lag available again');
      this.wasDown = false;
    } catch (error) {
      report = this.empty('unavailable', `Kafka unavailable: ${message(error)}`);
      if (!this.wasDown)
        this.options.log.warn('consumer lag unavailable', { brokers: this.options.brokers.join(','), error: message(error) });
      this.wasDown = true;
      await this.dropAdmin();
    }
    this.cached = { at: Date.now(), report };
    return report;
  }

  /** One group after the other: concurrent first metadata loads race inside kafkajs' admin. */
  private async allGroups(admin: Admin): Promise<GroupLag[]> {
    const groups: GroupLag[] = [];
    for (const target of this.options.targets) groups.push(await this.groupLag(admin, target));
    return groups;
  }

  /** One group's lag; a missing topic or group is that group's problem, not the report's. */
  private async groupLag(admin: Admin, target: LagTarget): Promise<GroupLag> {
    try {
      return { ...target, lag: await consumerLag(admin, target.group, target.topic) };
    } catch (error) {
      if (isConnectionProblem(error)) throw error;
      return { ...target, lag: null, error: message(error) };
    }
  }

  private async connected(): Promise<Admin> {
    if (this.admin) return this.admin;
    const kafka = createKafka({
      brokers: this.options.brokers,
      clientId: 'streamsense-dashboard',
      security: this.options.security,
      logLevel: 'silent',
      // A couple of quick retries ride out metadata refreshes; the report's timeout bounds them.
      retry: { retries: 2, initialRetryTimeMs: 100, maxRetryTimeMs: 400 },
      connectionTimeoutMs: 1000,
      requestTimeoutMs: this.timeoutMs,
    });
    const admin = kafka.admin();
    try {
      await admin.connect();
    } catch (error) {
      await admin.disconnect().catch(() => undefined);
      throw error;
    }
    this.admin = admin;
    return admin;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }
}
