import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import avro from 'avsc';
import { Topic, valueSubject } from '../kafka/topics.ts';

/**
 * The record contracts of the pipeline: which schema file describes the values of which topic.
 * Subjects follow TopicNameStrategy: `<topic>-value`.
 */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export const Contract = {
  tweet: 'tweet',
  classification: 'classification',
} as const;
export type Contract = (typeof Contract)[keyof typeof Contract];

export const subjectFor = valueSubject;

/** The topic whose values each contract describes. */
export const contractTopics: Readonly<Record<Contract, Topic>> = {
  tweet: Topic.RAW,
  classification: Topic.CLASSIFIED,
};

/** Subjects the project owns default to this level (docs/schemas.md explains why). */
export const PROJECT_COMPATIBILITY = 'BACKWARD_TRANSITIVE' as const;

export function isContract(name: string): name is Contract {
  return Object.values<string>(Contract).includes(name);
}

export function contractSubject(contract: Contract): string {
  return subjectFor(contractTopics[contract]);
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
