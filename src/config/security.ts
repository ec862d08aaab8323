import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { type EnvSource, envString, parseConfig } from './common.ts';

/**
 * Credentials and TLS for the three services, from env only (docs/security.md). Parsed once per
 * process, by the script (the edge), and passed down: the client factories (src/kafka/client.ts,
 * src/schemas/serde.ts, src/schemas/registry-api.ts, src/db/pool.ts) take it as an argument and
 * read no environment, so every stage gets the same settings without a flag per stage. Certificate
 * and key files are read here, at the edge, so a wrong path fails at start with the variable's name.
 */
export const SaslMechanism = { PLAIN: 'plain', SCRAM_SHA_256: 'scram-sha-256', SCRAM_SHA_512: 'scram-sha-512' } as const;
export type SaslMechanism = (typeof SaslMechanism)[keyof typeof SaslMechanism];

/** PEM text of each file given; `rejectUnauthorized` false only when asked for (self-signed test servers). */
export interface TlsConfig {
  readonly ca?: string;
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized: boolean;
}

export interface SaslConfig {
  readonly mechanism: SaslMechanism;
  readonly username: string;
  readonly password: string;
}

export interface BasicAuth {
  readonly username: string;
  readonly password: string;
}

export interface KafkaSecurity {
  readonly ssl: TlsConfig | null;
  readonly sasl: SaslConfig | null;
}

export interface SecurityConfig {
  readonly kafka: KafkaSecurity;
  readonly registry: { readonly auth: BasicAuth | null };
  readonly mysql: { readonly ssl: TlsConfig | null };
}

export const noSecurity: SecurityConfig = Object.freeze({
  kafka: Object.freeze({ ssl: null, sasl: null }),
  registry: Object.freeze({ auth: null }),
  mysql: Object.freeze({ ssl: null }),
});

const sources: Record<string, EnvSource> = {
  'kafka.ssl': { env: 'KAFKA_SSL', example: '1' },
  'kafka.caFile': { env: 'KAFKA_SSL_CA_FILE', example: '/etc/kafka/ca.pem' },
  'kafka.certFile': { env: 'KAFKA_SSL_CERT_FILE', example: '/etc/kafka/client.pem' },
  'kafka.keyFile': { env: 'KAFKA_SSL_KEY_FILE', example: '/etc/kafka/client.key' },
  'kafka.rejectUnauthorized': { env: 'KAFKA_SSL_REJECT_UNAUTHORIZED', example: '1' },
  'kafka.mechanism': { env: 'KAFKA_SASL_MECHANISM', example: 'scram-sha-512' },
  'kafka.username': { env: 'KAFKA_SASL_USERNAME', example: 'streamsense' },
  'kafka.password': { env: 'KAFKA_SASL_PASSWORD', example: '<secret>' },
  'registry.username': { env: 'SCHEMA_REGISTRY_USERNAME', example: 'streamsense' },
  'registry.password': { env: 'SCHEMA_REGISTRY_PASSWORD', example: '<secret>' },
  'mysql.ssl': { env: 'MYSQL_SSL', example: '1' },
  'mysql.caFile': { env: 'MYSQL_SSL_CA_FILE', example: '/etc/mysql/ca.pem' },
  'mysql.certFile': { env: 'MYSQL_SSL_CERT_FILE', example: '/etc/mysql/client.pem' },
  'mysql.keyFile': { env: 'MYSQL_SSL_KEY_FILE', example: '/etc/mysql/client.key' },
  'mysql.rejectUnauthorized': { env: 'MYSQL_SSL_REJECT_UNAUTHORIZED', example: '1' },
};

const truthy = ['1', 'true', 'yes', 'on'];
const falsy = ['0', 'false', 'no', 'off'];
const flag = z
  .string()
  .transform((v) => v.toLowerCase())
  .refine((v) => truthy.includes(v) || falsy.includes(v), 'expected 1 or 0 (true/false, yes/no, on/off)')
  .transform((v) => truthy.includes(v));

/** A readable PEM file, read once. */
const pemFile = z.string().transform((file, ctx) => {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    ctx.issues.push({ code: 'custom', input: file, message: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return z.NEVER;
  }
});

const tlsFields = {
  ssl: flag.default(false),
  caFile: pemFile.optional(),
  certFile: pemFile.optional(),
  keyFile: pemFile.optional(),
  rejectUnauthorized: flag.default(true),
};

const schema = z
  .strictObject({
    kafka: z.strictObject({
      ...tlsFields,
      mechanism: z.enum(Object.values(SaslMechanism)).optional(),
      username: z.string().optional(),
      password: z.string().optional(),
    }),
    registry: z.strictObject({ username: z.string().optional(), password: z.string().optional() }),
    mysql: z.strictObject(tlsFields),
  })
  // Cross-field rules run even when a field failed, so one run lists every problem.
  .superRefine(
    (c, ctx) => {
      tlsRules(c.kafka, 'kafka', ctx);
      tlsRules(c.mysql, 'mysql', ctx);
      saslRules(c.kafka, ctx);
      pairRule(c.registry, 'registry', ctx);
    },
    { when: () => true },
  )
  .transform(
    (c): SecurityConfig => ({
      kafka: {
        ssl: tls(c.kafka),
        sasl: c.kafka.mechanism ? { mechanism: c.kafka.mechanism, username: c.kafka.username!, password: c.kafka.password! } : null,
      },
      registry: { auth: c.registry.username ? { username: c.registry.username, password: c.registry.password! } : null },
      mysql: { ssl: tls(c.mysql) },
    }),
  );

type TlsInput = { ssl: boolean; caFile?: string; certFile?: string; keyFile?: string };

function tls(c: TlsInput & { rejectUnauthorized: boolean }): TlsConfig | null {
  if (!c.ssl) return null;
  return {
    ...(c.caFile && { ca: c.caFile }),
    ...(c.certFile && { cert: c.certFile }),
    ...(c.keyFile && { key: c.keyFile }),
    rejectUnauthorized: c.rejectUnauthorized,
  };
}

function tlsRules(c: TlsInput, service: 'kafka' | 'mysql', ctx: z.RefinementCtx): void {
  const given = (['caFile', 'certFile', 'keyFile'] as const).filter((k) => c[k] !== undefined);
  if (!c.ssl && given.length > 0) {
    const names = given.map((k) => sources[`${service}.${k}`]!.env).join(', ');
    ctx.addIssue({ code: 'custom', path: [service, 'ssl'], message: `${names} given but TLS is off; set it to 1` });
  }
  if ((c.certFile === undefined) !== (c.keyFile === undefined)) {
    const missing = c.certFile === undefined ? 'certFile' : 'keyFile';
    ctx.addIssue({ code: 'custom', path: [service, missing], message: 'a client certificate needs both the certificate and its key' });
  }
}

function saslRules(c: { mechanism?: string; username?: string; password?: string }, ctx: z.RefinementCtx): void {
  if (c.mechanism) {
    if (!c.username)
      ctx.addIssue({ code: 'custom', path: ['kafka', 'username'], message: `required with KAFKA_SASL_MECHANISM=${c.mechanism}` });
    if (c.password === undefined)
      ctx.addIssue({ code: 'custom', path: ['kafka', 'password'], message: `required with KAFKA_SASL_MECHANISM=${c.mechanism}` });
  } else if (c.username || c.password !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['kafka', 'mechanism'],
      message: `SASL credentials given without a mechanism; one of ${Object.values(SaslMechanism).join(', ')}`,
    });
  }
}

function pairRule(c: { username?: string; password?: string }, service: 'registry', ctx: z.RefinementCtx): void {
  if (c.username && c.password === undefined)
    ctx.addIssue({ code: 'custom', path: [service, 'password'], message: 'required with a username' });
  if (!c.username && c.password !== undefined)
    ctx.addIssue({ code: 'custom', path: [service, 'username'], message: 'required with a password' });
}

/** Parse the security env; throws one CONFIG error listing every problem (never the secret values). */
export function loadSecurityConfig(env: NodeJS.ProcessEnv = process.env): SecurityConfig {
  const read = (key: string) => envString.parse(env[sources[key]!.env]);
  const tlsInput = (service: string) => ({
    ssl: read(`${service}.ssl`),
    caFile: read(`${service}.caFile`),
    certFile: read(`${service}.certFile`),
    keyFile: read(`${service}.keyFile`),
    rejectUnauthorized: read(`${service}.rejectUnauthorized`),
  });
  const input = {
    kafka: {
      ...tlsInput('kafka'),
      mechanism: read('kafka.mechanism')?.toLowerCase(),
      username: read('kafka.username'),
      password: read('kafka.password'),
    },
    registry: { username: read('registry.username'), password: read('registry.password') },
    mysql: tlsInput('mysql'),
  };
  return parseConfig(schema, input, sources);
}

let fromEnv: SecurityConfig | undefined;

/** `loadSecurityConfig(process.env)`, parsed on first use and then kept. */
export function securityFromEnv(): SecurityConfig {
  fromEnv ??= loadSecurityConfig(process.env);
  return fromEnv;
}

/** The secret values in a config, for scrubbing them from any text that is printed. */
export function secretValues(config: SecurityConfig): string[] {
  return [config.kafka.sasl?.password, config.registry.auth?.password, config.kafka.ssl?.key, config.mysql.ssl?.key].filter(
    (s): s is string => typeof s === 'string' && s.length > 0,
  );
}

/** What is configured, without secrets: safe to log at start. */
export function describeSecurity(config: SecurityConfig): Record<string, string> {
  const tlsText = (t: TlsConfig | null) =>
    t ? `on${t.ca ? ', own CA' : ''}${t.cert ? ', client cert' : ''}${t.rejectUnauthorized ? '' : ', NOT verifying the server'}` : 'off';
  return {
    kafkaTls: tlsText(config.kafka.ssl),
    kafkaSasl: config.kafka.sasl ? `${config.kafka.sasl.mechanism} as ${config.kafka.sasl.username}` : 'off',
    registryAuth: config.registry.auth ? `basic as ${config.registry.auth.username}` : 'off',
    mysqlTls: tlsText(config.mysql.ssl),
  };
}

export const REDACTED = '***';
const secretKey = /pass(word|wd)?|secret|token|authorization|credential|private.?key|^key$|sasl/i;

/** A URL with its password (and password-like query parameters) replaced by ***. */
export function redactUrl(url: string): string {
  return url
    .replace(/\/\/([^:/@\s]+):[^@/\s]*@/g, `//$1:${REDACTED}@`)
    .replace(/([?&](?:password|passwd|pass|token|secret|sasl_password)=)[^&#\s]*/gi, `$1${REDACTED}`);
}

function envSecrets(): string[] {
  try {
    return secretValues(securityFromEnv());
  } catch {
    return [];
  }
}

/** Text with URL credentials and every known secret value replaced by ***. Never throws. */
export function redactText(text: string, secrets: readonly string[] = envSecrets()): string {
  let out = redactUrl(text);
  // Longest first, so a secret containing another is replaced whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(REDACTED);
  return out;
}

/** Log fields with secret-named keys masked and secret values scrubbed from strings, recursively. */
export function redactFields(
  fields: Readonly<Record<string, unknown>>,
  secrets: readonly string[] = envSecrets(),
): Record<string, unknown> {
  const walk = (value: unknown, depth: number): unknown => {
    if (typeof value === 'string') return redactText(value, secrets);
    if (value === null || typeof value !== 'object' || depth > 4) return value;
    if (Array.isArray(value)) return value.map((v) => walk(v, depth + 1));
    if (value instanceof Error) return redactText(value.message, secrets);
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secretKey.test(k) && v != null ? REDACTED : walk(v, depth + 1)]));
  };
  return walk(fields, 0) as Record<string, unknown>;
}

/**
 * `http://user:pass@host/path` -> the URL without credentials plus basic auth: fetch refuses URLs
 * with credentials, and the password must not travel in every printed URL.
 */
export function splitUrlCredentials(url: string): { url: string; auth: BasicAuth | null } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, auth: null };
  }
  if (!parsed.username) return { url, auth: null };
  const auth = { username: decodeURIComponent(parsed.username), password: decodeURIComponent(parsed.password) };
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString().replace(/\/+$/, url.endsWith('/') ? '/' : ''), auth };
}

/** The Authorization header value for basic auth. */
export function basicAuthHeader(auth: BasicAuth): string {
  return `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
}
