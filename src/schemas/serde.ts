import { SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import avro from 'avsc';
import { type BasicAuth, splitUrlCredentials } from '../config/security.ts';
import { type Contract, loadSchemaText } from '../contracts/avro.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { explainAgainstRegistry, reasonLines } from './explain.ts';
import type { RegistryApi } from './registry-api.ts';
import { firstInvalidUtf8String, holdsReplacementChar } from './strict-utf8.ts';
import { subjectFor } from './subjects.ts';

/**
 * Avro in the Confluent wire format (magic byte 0, 4-byte schema id, Avro body).
 * Writers register their schema at start, so a producer with a schema the registry rejects
 * refuses to start. Readers fetch writer schemas by id on demand (cached) and resolve them
 * into the reader schema committed in schemas/.
 */
export interface Serializer<T> {
  readonly schemaId: number;
  readonly subject: string;
  encode(value: T): Promise<Buffer>;
}

export interface Deserializer<T> {
  decode(buffer: Buffer | null): Promise<T>;
}

/**
 * Basic auth: credentials in the URL, else `auth` (SCHEMA_REGISTRY_USERNAME / _PASSWORD, parsed
 * at the edge; docs/security.md), else none.
 */
export function createSchemaRegistry(registryUrl: string, auth: BasicAuth | null): SchemaRegistry {
  const split = splitUrlCredentials(registryUrl);
  const credentials = split.auth ?? auth;
  return new SchemaRegistry({
    host: split.url.replace(/\/+$/, ''),
    retry: { retries: 3 },
    ...(credentials && { auth: { username: credentials.username, password: credentials.password } }),
  });
}

export async function prepareSerializer<T>(
  registry: SchemaRegistry,
  api: RegistryApi,
  topic: string,
  contract: Contract,
  /** Write with this schema instead of the committed one (e.g. an older version during a rollout). */
  schemaText?: string,
): Promise<Serializer<T>> {
  const subject = subjectFor(topic);
  const schemaId = await registerExplained(api, subject, schemaText ?? loadSchemaText(contract));
  return {
    schemaId,
    subject,
    encode: (value: T) => registry.encode(schemaId, value),
  };
}

/** Registers, and if the registry refuses, says why field by field next to the registry's own message. */
async function registerExplained(api: RegistryApi, subject: string, schema: string): Promise<number> {
  try {
    return await api.register(subject, schema);
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.SCHEMA_REJECTED) throw error;
    const reasons = await explainAgainstRegistry(api, subject, schema).then(reasonLines, () => []);
    if (reasons.length === 0) throw error;
    throw new AppError(
      ErrorCode.SCHEMA_REJECTED,
      `${error.message}\nWhy:\n${reasons.map((r) => `  - ${r}`).join('\n')}\nRun \`npm run schemas -- check\` before deploying a schema change (docs/schemas.md).`,
      {
        cause: error,
        context: error.context,
      },
    );
  }
}

export function createDeserializer<T>(registry: SchemaRegistry, readerContract?: Contract): Deserializer<T> {
  const readerType = readerContract ? avro.Type.forSchema(JSON.parse(loadSchemaText(readerContract)) as avro.Schema) : undefined;
  // One reader per writer schema id, built once: the registry client's own decode() parses the
  // reader schema and builds a resolver again for every record, most of a consumer's CPU per record.
  const readers = new Map<number, (payload: Buffer) => T>();
  const readerFor = async (schemaId: number): Promise<(payload: Buffer) => T> => {
    const writer = (await registry.getSchema(schemaId)) as unknown as avro.Type;
    if (!readerType) return (payload) => writer.fromBuffer(payload) as T;
    if (readerType.equals(writer)) return (payload) => readerType.fromBuffer(payload) as T;
    const resolver = readerType.createResolver(writer);
    return (payload) => readerType.fromBuffer(payload, resolver) as T;
  };
  return {
    async decode(buffer) {
      if (!buffer || buffer.length < 6) {
        throw new AppError(
          ErrorCode.DECODE,
          `Record is too short for the Confluent wire format (${buffer?.length ?? 0} bytes, need at least 6)`,
        );
      }
      if (buffer[0] !== 0) {
        throw new AppError(ErrorCode.DECODE, `Wrong magic byte ${buffer[0]}: the record was not written in the Confluent Avro wire format`);
      }
      const schemaId = buffer.readInt32BE(1);
      let value: T;
      try {
        let read = readers.get(schemaId);
        if (!read) {
          read = await readerFor(schemaId);
          readers.set(schemaId, read);
        }
        value = read(buffer.subarray(5));
      } catch (error) {
        throw classifyDecodeError(error, schemaId);
      }
      if (holdsReplacementChar(value)) await refuseInvalidUtf8(registry, buffer);
      return value;
    },
  };
}

/** avsc decodes broken UTF-8 to U+FFFD; the bytes tell whether that was in the data or the damage. */
async function refuseInvalidUtf8(registry: SchemaRegistry, buffer: Buffer): Promise<void> {
  const schemaId = buffer.readInt32BE(1);
  const writer = (await registry.getSchema(schemaId)) as unknown as { schema?: () => unknown };
  let field: string | null = null;
  try {
    field = typeof writer.schema === 'function' ? firstInvalidUtf8String(writer.schema(), buffer.subarray(5)) : null;
  } catch {
    return; // avsc read the body, so a walk that cannot is ours to fix, not the record's fault
  }
  if (field)
    throw new AppError(ErrorCode.DECODE, `String field ${field} is not valid UTF-8 (schema ${schemaId})`, { context: { schemaId, field } });
}

function classifyDecodeError(error: unknown, schemaId: number): AppError {
  const status = (error as { status?: number }).status;
  if (status === 404) {
    return new AppError(ErrorCode.DECODE, `Unknown schema id ${schemaId}: the registry has no such schema`, {
      cause: error,
      context: { schemaId },
    });
  }
  if (status !== undefined && status >= 500) {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Schema registry failed (HTTP ${status}) while fetching schema ${schemaId}`, {
      retriable: true,
      cause: error,
      context: { schemaId },
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up|fetch failed|Timeout/i.test(message)) {
    return new AppError(ErrorCode.SERVICE_UNAVAILABLE, `Schema registry unreachable while fetching schema ${schemaId}: ${message}`, {
      retriable: true,
      cause: error,
      context: { schemaId },
    });
  }
  return new AppError(ErrorCode.DECODE, `Cannot decode Avro body with schema ${schemaId}: ${message}`, {
    cause: error,
    context: { schemaId },
  });
}
