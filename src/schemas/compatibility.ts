import avro from 'avsc';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { CompatibilityLevel } from './compatibility-level.ts';
import { findResolutionProblems, ProblemKind, type ResolutionProblem, resolverError } from './resolution.ts';

/**
 * The registry's compatibility levels, checked locally with Avro's resolution rules, so a pull
 * request can be gated without a registry (`schemas check --offline`).
 * BACKWARD: the new schema reads data written with the old one (upgrade consumers first).
 * FORWARD: the old schema reads data written with the new one (upgrade producers first).
 * FULL: both. *_TRANSITIVE: against every earlier version, not only the latest. NONE: no check.
 */
export const Direction = {
  /** New reader, old writer. */
  BACKWARD: 'backward',
  /** Old reader, new writer. */
  FORWARD: 'forward',
} as const;
export type Direction = (typeof Direction)[keyof typeof Direction];

export interface SchemaVersion {
  /** How to name it in messages: `v1`, `schemas/history/classification.v1.avsc`, `origin/main`. */
  readonly label: string;
  readonly schema: string;
}

export interface PairResult {
  readonly against: string;
  readonly direction: Direction;
  /** One human-readable sentence per incompatible field. */
  readonly reasons: readonly string[];
}

export interface CompatibilityReport {
  readonly level: CompatibilityLevel;
  readonly compatible: boolean;
  /** The checks that failed (empty when compatible). */
  readonly failures: readonly PairResult[];
  /** How many (version, direction) pairs were checked. */
  readonly checked: number;
}

/** Which earlier versions (oldest first) a level compares with, and in which directions. */
export function plan(
  level: CompatibilityLevel,
  previous: readonly SchemaVersion[],
): Array<{ version: SchemaVersion; direction: Direction }> {
  if (level === 'NONE' || previous.length === 0) return [];
  const versions = level.endsWith('_TRANSITIVE') ? previous : previous.slice(-1);
  const directions: Direction[] = level.startsWith('BACKWARD')
    ? [Direction.BACKWARD]
    : level.startsWith('FORWARD')
      ? [Direction.FORWARD]
      : [Direction.BACKWARD, Direction.FORWARD];
  return versions.flatMap((version) => directions.map((direction) => ({ version, direction })));
}

/** Checks `candidate` against `previous` (oldest first) under `level`. Throws on an invalid schema. */
export function checkSchemaCompatibility(
  candidate: string,
  previous: readonly SchemaVersion[],
  level: CompatibilityLevel,
): CompatibilityReport {
  const next = parseType(candidate, 'the new schema');
  const steps = plan(level, previous);
  const failures: PairResult[] = [];
  for (const { version, direction } of steps) {
    const old = parseType(version.schema, version.label);
    const reasons = direction === Direction.BACKWARD ? explain(next, old, direction) : explain(old, next, direction);
    if (reasons.length > 0) failures.push({ against: version.label, direction, reasons });
  }
  return { level, compatible: failures.length === 0, failures, checked: steps.length };
}

/** Why `reader` cannot read `writer`, in words; empty when it can. */
export function explain(reader: avro.Type, writer: avro.Type, direction: Direction): string[] {
  const error = resolverError(reader, writer);
  if (error === null) return [];
  const reasons = findResolutionProblems(reader, writer).map((p) => describeProblem(p, direction));
  // The walk covers the rules avsc applies; if it ever misses one, avsc's own words still explain.
  return reasons.length > 0 ? reasons : [`${consequence(direction)} (avsc: ${error})`];
}

export function parseType(schema: string, label: string): avro.Type {
  try {
    return avro.Type.forSchema(JSON.parse(schema) as avro.Schema);
  } catch (error) {
    throw new AppError(ErrorCode.INVALID_INPUT, `${label} is not a valid Avro schema: ${(error as Error).message}`, { cause: error });
  }
}

function consequence(direction: Direction): string {
  return direction === Direction.BACKWARD
    ? 'old records cannot be read with the new schema'
    : 'consumers still on the old schema cannot read new records';
}

/**
 * One sentence per problem. Under BACKWARD the reader is the new schema; under FORWARD it is
 * the old one, so the same resolution failure reads as a different edit.
 */
export function describeProblem(p: ResolutionProblem, direction: Direction): string {
  const backward = direction === Direction.BACKWARD;
  const where = p.path ? `field \`${p.path}\`` : 'the top-level type';
  const [newType, oldType] = backward ? [p.readerType, p.writerType] : [p.writerType, p.readerType];
  const items = (p.items ?? []).join(', ');
  const tail = backward ? 'old records cannot be read' : 'consumers still on the old schema cannot read new records';
  switch (p.kind) {
    case ProblemKind.MISSING_FIELD:
      return backward ? `${where} added without a default: ${tail}` : `${where} removed, and the old schema has no default for it: ${tail}`;
    case ProblemKind.TYPE_CHANGED:
      return `${where} changed type from ${oldType} to ${newType}, which Avro cannot convert: ${tail}`;
    case ProblemKind.RENAMED:
      return `${where}: ${oldType} renamed to ${newType.split(' ').pop()} without an alias: ${tail}`;
    case ProblemKind.ENUM_SYMBOLS:
      return backward
        ? `${where}: enum symbol(s) ${items} removed and the new enum has no default: old records holding them cannot be read`
        : `${where}: enum symbol(s) ${items} added and the old enum has no default: ${tail}`;
    case ProblemKind.FIXED_SIZE:
      return `${where}: fixed size changed (${oldType} to ${newType}): ${tail}`;
    case ProblemKind.UNION_BRANCHES:
      return backward
        ? `${where}: type ${oldType} became ${newType}, dropping ${items}: ${tail}`
        : `${where}: type ${oldType} became ${newType}, adding ${items}: ${tail}`;
  }
}

/** A multi-line report for the CLI. */
export function formatReport(name: string, report: CompatibilityReport): string {
  if (report.checked === 0) return `${name}: nothing to compare with under ${report.level}`;
  if (report.compatible) return `${name}: compatible under ${report.level} (${report.checked} check${report.checked === 1 ? '' : 's'})`;
  const lines = [`${name}: INCOMPATIBLE under ${report.level}`];
  for (const failure of report.failures) {
    lines.push(`  against ${failure.against} (${failure.direction}):`);
    for (const reason of failure.reasons) lines.push(`    - ${reason}`);
  }
  return lines.join('\n');
}
