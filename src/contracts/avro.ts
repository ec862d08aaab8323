/**
 * The Avro binding of the record contracts: the committed schema file of each contract
 * (schemas/*.avsc), as text and as an avsc Type. Which topic and subject carry each contract
 * is src/schemas/subjects.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';

export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export const Contract = {
  tweet: 'tweet',
  classification: 'classification',
} as const;
export type Contract = (typeof Contract)[keyof typeof Contract];

export function isContract(name: string): name is Contract {
  return Object.values<string>(Contract).includes(name);
}

export function schemaPath(contract: Contract): string {
  return `${SCHEMAS_DIR}${contract}.avsc`;
}

/** The schema text as committed, normalised to compact JSON (what we register). */
export function loadSchemaText(contract: Contract): string {
  return JSON.stringify(JSON.parse(readFileSync(schemaPath(contract), 'utf8')));
}

export function loadAvroType(contract: Contract): avro.Type {
  return avro.Type.forSchema(JSON.parse(loadSchemaText(contract)) as avro.Schema);
}
