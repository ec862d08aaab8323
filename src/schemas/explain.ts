import { type CompatibilityReport, checkSchemaCompatibility, type SchemaVersion } from './compatibility.ts';
import type { CompatibilityLevel } from './compatibility-level.ts';
import type { RegistryApi } from './registry-api.ts';

/**
 * The registry says *whether* a schema is compatible (Apicurio's compatibility endpoint returns no
 * messages, and its 409 lists JSON pointers); this says *why*, field by field, by running the same
 * resolution rules locally against the versions the registry holds.
 */
export async function registryHistory(api: RegistryApi, subject: string): Promise<SchemaVersion[]> {
  const versions = await api.versions(subject);
  const schemas = await Promise.all(versions.map((v) => api.schemaOf(subject, v)));
  return schemas.map((s) => ({ label: `${subject} v${s.version} (id ${s.id})`, schema: s.schema }));
}

export async function explainAgainstRegistry(
  api: RegistryApi,
  subject: string,
  schema: string,
  level?: CompatibilityLevel,
): Promise<CompatibilityReport> {
  const effective = level ?? (await api.effectiveCompatibility(subject));
  return checkSchemaCompatibility(schema, await registryHistory(api, subject), effective);
}

/** Every reason of a failed report, as `against: reason` lines. */
export function reasonLines(report: CompatibilityReport): string[] {
  return report.failures.flatMap((f) => f.reasons.map((r) => `against ${f.against}: ${r}`));
}
