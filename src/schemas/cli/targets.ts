import { Contract, isContract, schemaPath } from '../../contracts/avro.ts';
import { displayPath, readSchemaFile, schemaNameOf } from '../history.ts';
import { contractSubject } from '../subjects.ts';
import { usageError } from './context.ts';

/** One local schema file and the subject it goes to. */
export interface Target {
  /** Schema name: `classification` for schemas/classification.avsc and schemas/history/classification.v1.avsc. */
  readonly name: string;
  readonly path: string;
  readonly subject: string;
  /** Compact JSON. */
  readonly schema: string;
}

/** FILEs as given, or every contract in schemas/; `--subject` overrides the subject of a single FILE. */
export function resolveTargets(files: readonly string[], subject?: string): Target[] {
  if (subject && files.length !== 1) throw usageError('--subject needs exactly one FILE');
  if (files.length === 0) {
    return Object.values(Contract).map((c) => target(c, schemaPath(c), contractSubject(c)));
  }
  return files.map((file) => {
    const name = schemaNameOf(file);
    if (subject) return target(name, file, subject);
    if (!isContract(name)) throw usageError(`${file} is not one of the contracts (${Object.values(Contract).join(', ')}); pass --subject`);
    return target(name, file, contractSubject(name));
  });
}

function target(name: string, path: string, subject: string): Target {
  return { name, path, subject, schema: readSchemaFile(path) };
}

export function describeTarget(t: Target): string {
  return `${t.subject} (${displayPath(t.path)})`;
}
