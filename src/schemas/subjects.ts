/**
 * Which topic carries each record contract, and under which subject its schema is registered.
 * Subjects follow TopicNameStrategy: `<topic>-value`.
 */
import type { Contract } from '../contracts/avro.ts';
import { Topic, valueSubject } from '../kafka/topics.ts';

export const subjectFor = valueSubject;

/** The topic whose values each contract describes. */
export const contractTopics: Readonly<Record<Contract, Topic>> = {
  tweet: Topic.RAW,
  classification: Topic.CLASSIFIED,
};

/** Subjects the project owns default to this level (docs/schemas.md explains why). */
export const PROJECT_COMPATIBILITY = 'BACKWARD_TRANSITIVE' as const;

export function contractSubject(contract: Contract): string {
  return subjectFor(contractTopics[contract]);
}
