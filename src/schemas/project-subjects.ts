import { Contract } from '../contracts/avro.ts';
import type { RegistryApi } from './registry-api.ts';
import { contractSubject, PROJECT_COMPATIBILITY } from './subjects.ts';

/**
 * The project's own subjects start at BACKWARD_TRANSITIVE: every consumer may meet records of
 * any age still retained in a topic, not only the previous version's. Applied to subjects with
 * no versions yet, so a level an operator changed later is left alone. `stack up` and
 * `schemas register` call this.
 */
export async function ensureProjectCompatibility(api: RegistryApi): Promise<string[]> {
  const applied: string[] = [];
  for (const contract of Object.values(Contract)) {
    const subject = contractSubject(contract);
    if ((await api.versions(subject)).length > 0) continue;
    await api.setCompatibility(PROJECT_COMPATIBILITY, subject);
    applied.push(subject);
  }
  return applied;
}
