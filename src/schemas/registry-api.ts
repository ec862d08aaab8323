import { type BasicAuth, basicAuthHeader, splitUrlCredentials } from '../config/security.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { CompatibilityLevel } from './compatibility-level.ts';

/**
 * A small client for the Confluent-compatible schema registry REST API (Apicurio's
 * /apis/ccompat/v7 or Confluent's own). Encoding and decoding go through
 * @kafkajs/confluent-schema-registry; this covers registration, compatibility and config,
 * where we need the registry's own messages verbatim.
 */
export interface RegistryApi {
  readonly baseUrl: string;
  register(subject: string, schema: string): Promise<number>;
  lookup(subject: string, schema: string): Promise<{ id: number; version: number } | null>;
  /** `'all'` tests against every version the subject's level requires (transitive levels: all of them). */
  checkCompatibility(subject: string, schema: string, version?: number | 'latest' | 'all'): Promise<CompatibilityResult>;
  getCompatibility(subject?: string): Promise<CompatibilityLevel | null>;
  /** The level that applies to a subject: its own, else the global one (`defaultToGlobal`). */
  effectiveCompatibility(subject: string): Promise<CompatibilityLevel>;
  setCompatibility(level: CompatibilityLevel, subject?: string): Promise<void>;
  subjects(): Promise<string[]>;
  /** Registered versions, oldest first; empty for an unknown subject. */
  versions(subject: string): Promise<number[]>;
  schemaOf(subject: string, version: number | 'latest'): Promise<{ id: number; version: number; schema: string }>;
  /** Soft delete, then (with `permanent`) hard delete; returns the versions removed. For tests and clean-up. */
  deleteSubject(subject: string, options?: { permanent?: boolean }): Promise<number[]>;
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  readonly messages: readonly string[];
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Basic auth as in createSchemaRegistry: credentials in the URL, else `auth`, else none. */
export function createRegistryApi(baseUrl: string, auth: BasicAuth | null, timeoutMs = 10_000): RegistryApi {
  const split = splitUrlCredentials(baseUrl);
  const root = split.url.replace(/\/+$/, '');
  const credentials = split.auth ?? auth;
  const headers = {
    'content-type': CONTENT_TYPE,
    accept: CONTENT_TYPE,
    ...(credentials && { authorization: basicAuthHeader(credentials) }),
  };
  const call = (method: string, path: string, body?: unknown) => request(root, headers, method, path, body, timeoutMs);
  const enc = encodeURIComponent;
  const api: RegistryApi = {
    baseUrl: root,
    async register(subject, schema) {
      const res = await call('POST', `/subjects/${enc(subject)}/versions`, { schema });
      if (res.status === 409 || res.status === 422) {
        throw new AppError(
          ErrorCode.SCHEMA_REJECTED,
          `The registry rejected the schema for subject ${subject}: ${humanizeRegistryMessage(res.message)}`,
          {
            context: { subject, status: res.status },
          },
        );
      }
      expectOk(res, `register a schema under ${subject}`);
      return (res.json as { id: number }).id;
    },
    async lookup(subject, schema) {
      const res = await call('POST', `/subjects/${enc(subject)}`, { schema });
      if (res.status === 404) return null;
      expectOk(res, `look up a schema under ${subject}`);
      const body = res.json as { id: number; version: number };
      return { id: body.id, version: body.version };
    },
    async checkCompatibility(subject, schema, version = 'latest') {
      const versionPath = version === 'all' ? '/versions' : `/versions/${version}`;
      const res = await call('POST', `/compatibility/subjects/${enc(subject)}${versionPath}?verbose=true`, { schema });
      if (res.status === 404) return { compatible: true, messages: ['subject has no versions yet'] };
      if (res.status === 409 || res.status === 422) return { compatible: false, messages: [res.message] };
      expectOk(res, `check compatibility for ${subject}`);
      const body = res.json as { is_compatible: boolean; messages?: string[] };
      return { compatible: body.is_compatible, messages: body.messages ?? [] };
    },
    async getCompatibility(subject) {
      const res = await call('GET', subject ? `/config/${enc(subject)}` : '/config');
      if (res.status === 404) return null;
      expectOk(res, 'read the compatibility level');
      const body = res.json as { compatibilityLevel?: string; compatibility?: string };
      return (body.compatibilityLevel ?? body.compatibility ?? null) as CompatibilityLevel | null;
    },
    async effectiveCompatibility(subject) {
      // Apicurio answers NONE for a subject without its own level unless asked to fall back.
      const res = await call('GET', `/config/${enc(subject)}?defaultToGlobal=true`);
      if (res.status === 404) return (await api.getCompatibility()) ?? 'BACKWARD';
      expectOk(res, `read the compatibility level of ${subject}`);
      const body = res.json as { compatibilityLevel?: string; compatibility?: string };
      return (body.compatibilityLevel ?? body.compatibility ?? 'BACKWARD') as CompatibilityLevel;
    },
    async setCompatibility(level, subject) {
      const res = await call('PUT', subject ? `/config/${enc(subject)}` : '/config', { compatibility: level });
      expectOk(res, `set compatibility ${level}${subject ? ` on ${subject}` : ''}`);
    },
    async subjects() {
      const res = await call('GET', '/subjects');
      expectOk(res, 'list subjects');
      return res.json as string[];
    },
    async versions(subject) {
      const res = await call('GET', `/subjects/${enc(subject)}/versions`);
      if (res.status === 404) return [];
      expectOk(res, `list versions of ${subject}`);
      return res.json as number[];
    },
    async schemaOf(subject, version) {
      const res = await call('GET', `/subjects/${enc(subject)}/versions/${version}`);
      expectOk(res, `read ${subject} version ${version}`);
      return res.json as { id: number; version: number; schema: string };
    },
    async deleteSubject(subject, options = {}) {
      const res = await call('DELETE', `/subjects/${enc(subject)}`);
      if (res.status === 404) return [];
      expectOk(res, `delete ${subject}`);
      if (!options.permanent) return res.json as number[];
      const hard = await call('DELETE', `/subjects/${enc(subject)}?permanent=true`);
      expectOk(hard, `permanently delete ${subject}`);
      return hard.json as number[];
    },
  };
  return api;
}

interface RegistryResponse {
  readonly status: number;
  readonly json: unknown;
  readonly message: string;
}

async function request(
  root: string,
  headers: Readonly<Record<string, string>>,
  method: string,
  path: string,
  body: unknown,
  timeoutMs: number,
): Promise<RegistryResponse> {
  let res: Response;
  try {
    res = await fetch(`${root}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (cause) {
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Schema registry at ${root} is unreachable. Is the stack up? (npm run stack -- up)`, {
      retriable: true,
      cause,
      context: { url: `${root}${path}` },
    });
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const message = (json as { message?: string } | null)?.message ?? (text.slice(0, 500) || res.statusText);
  return { status: res.status, json, message };
}

function expectOk(res: RegistryResponse, what: string): void {
  if (res.status >= 200 && res.status < 300) return;
  const hint =
    res.status === 401 || res.status === 403 ? '; check SCHEMA_REGISTRY_USERNAME and SCHEMA_REGISTRY_PASSWORD (docs/security.md)' : '';
  throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Schema registry could not ${what}: HTTP ${res.status} ${res.message}${hint}`, {
    retriable: res.status >= 500,
    context: { status: res.status },
  });
}

/** Registry messages without Java exception class names (Apicurio prefixes them). */
export function humanizeRegistryMessage(message: string): string {
  return message.replace(/(?:[\w$]+\.)+[\w$]*(?:Exception|Error):\s*/g, '').trim();
}
