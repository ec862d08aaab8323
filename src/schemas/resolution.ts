import type avro from 'avsc';

/**
 * Avro schema resolution, field by field: can data written with `writer` be read with `reader`?
 * avsc decides (Type#createResolver throws when it cannot); this walk names *why*, per field, so
 * a compatibility gate can say "field `score` added without a default" instead of avsc's
 * "no matching field for default-less R.score". Rules: https://avro.apache.org/docs/1.11.1/specification/#schema-resolution
 */
export const ProblemKind = {
  /** The reader has a field the writer lacks, and no default to fill it with. */
  MISSING_FIELD: 'missing-field',
  /** Same field (or array items / map values), types that do not resolve (no promotion). */
  TYPE_CHANGED: 'type-changed',
  /** Named types (record, enum, fixed) whose names differ without an alias. */
  RENAMED: 'renamed',
  /** Writer enum symbols the reader lacks, and the reader enum has no default. */
  ENUM_SYMBOLS: 'enum-symbols',
  /** Fixed types of different sizes. */
  FIXED_SIZE: 'fixed-size',
  /** Writer union branches that no reader branch can read. */
  UNION_BRANCHES: 'union-branches',
} as const;
export type ProblemKind = (typeof ProblemKind)[keyof typeof ProblemKind];

export interface ResolutionProblem {
  readonly kind: ProblemKind;
  /** Dotted field path from the top record, e.g. `sentiment.score`, `topic.top[].score`; '' for the root. */
  readonly path: string;
  readonly readerType: string;
  readonly writerType: string;
  /** Enum symbols or union branches involved, when relevant. */
  readonly items?: readonly string[];
}

type AnyType = avro.Type & Record<string, unknown>;

/** True when avsc can build a resolver, i.e. every writer record can be read by the reader. */
export function canRead(reader: avro.Type, writer: avro.Type): boolean {
  return resolverError(reader, writer) === null;
}

export function resolverError(reader: avro.Type, writer: avro.Type): string | null {
  try {
    reader.createResolver(writer);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/** Every reason `reader` cannot read `writer`; empty when it can. */
export function findResolutionProblems(reader: avro.Type, writer: avro.Type): ResolutionProblem[] {
  const out: ResolutionProblem[] = [];
  walk(reader as AnyType, writer as AnyType, '', out, new Set());
  return out;
}

function walk(reader: AnyType, writer: AnyType, path: string, out: ResolutionProblem[], seen: Set<string>): void {
  if (canRead(reader, writer)) return;
  const pair = `${typeLabel(reader)}<-${typeLabel(writer)}@${path}`;
  if (seen.has(pair)) return; // recursive schemas
  seen.add(pair);
  const problem = (kind: ProblemKind, items?: readonly string[]) =>
    out.push({ kind, path, readerType: typeLabel(reader), writerType: typeLabel(writer), ...(items ? { items } : {}) });

  if (isUnion(writer)) return walkWriterUnion(reader, writer, path, out, seen);
  if (isUnion(reader)) {
    const target = sameKindBranch(reader, writer);
    if (target) return walk(target, writer, path, out, seen);
    return void problem(ProblemKind.TYPE_CHANGED);
  }
  if (reader.typeName !== writer.typeName) return void problem(ProblemKind.TYPE_CHANGED);
  if (isNamed(reader) && !namesMatch(reader, writer)) return void problem(ProblemKind.RENAMED);

  switch (reader.typeName) {
    case 'record':
      return walkRecord(reader, writer, path, out, seen);
    case 'array':
      return walk(reader.itemsType as AnyType, writer.itemsType as AnyType, `${path}[]`, out, seen);
    case 'map':
      return walk(reader.valuesType as AnyType, writer.valuesType as AnyType, `${path}{}`, out, seen);
    case 'enum': {
      const symbols = reader.symbols as string[];
      return void problem(
        ProblemKind.ENUM_SYMBOLS,
        (writer.symbols as string[]).filter((s) => !symbols.includes(s)),
      );
    }
    case 'fixed':
      return void problem(ProblemKind.FIXED_SIZE);
    default:
      return void problem(ProblemKind.TYPE_CHANGED);
  }
}

/** Each writer branch must be readable: walk into the reader's matching branch, else the branch is lost. */
function walkWriterUnion(reader: AnyType, writer: AnyType, path: string, out: ResolutionProblem[], seen: Set<string>): void {
  const all = branches(writer);
  const lost: avro.Type[] = [];
  for (const branch of all.filter((b) => !canRead(reader, b))) {
    const target = isUnion(reader) ? sameKindBranch(reader, branch) : sameKind(reader, branch) ? reader : undefined;
    if (target) walk(target, branch as AnyType, path, out, seen);
    else lost.push(branch);
  }
  if (lost.length === 0) return;
  const kind = !isUnion(reader) && lost.length === all.length ? ProblemKind.TYPE_CHANGED : ProblemKind.UNION_BRANCHES;
  out.push({ kind, path, readerType: typeLabel(reader), writerType: typeLabel(writer), items: lost.map(typeLabel) });
}

function sameKind(a: avro.Type, b: avro.Type): boolean {
  return a.typeName === b.typeName && nameOf(a) === nameOf(b);
}

function sameKindBranch(union: avro.Type, t: avro.Type): AnyType | undefined {
  return branches(union).find((b) => sameKind(b, t)) as AnyType | undefined;
}

function walkRecord(reader: AnyType, writer: AnyType, path: string, out: ResolutionProblem[], seen: Set<string>): void {
  const writerFields = writer.fields as avro.types.Field[];
  for (const field of reader.fields as avro.types.Field[]) {
    const names = [field.name, ...(field.aliases ?? [])];
    const source = writerFields.find((w) => names.includes(w.name));
    const fieldPath = path ? `${path}.${field.name}` : field.name;
    if (!source) {
      if (field.defaultValue() === undefined) {
        out.push({ kind: ProblemKind.MISSING_FIELD, path: fieldPath, readerType: typeLabel(field.type), writerType: '(absent)' });
      }
      continue;
    }
    walk(field.type as AnyType, source.type as AnyType, fieldPath, out, seen);
  }
}

function isUnion(t: avro.Type): boolean {
  return t.typeName.startsWith('union');
}

function branches(t: avro.Type): avro.Type[] {
  return (t as unknown as { types: avro.Type[] }).types;
}

function isNamed(t: avro.Type): boolean {
  return t.typeName === 'record' || t.typeName === 'enum' || t.typeName === 'fixed' || t.typeName === 'error';
}

function nameOf(t: avro.Type): string | undefined {
  return isNamed(t) ? t.name : undefined;
}

/** Avro matches named types by unqualified name, or by one of the reader's aliases. */
function namesMatch(reader: avro.Type, writer: avro.Type): boolean {
  const short = (n: string | undefined) => (n ?? '').split('.').pop();
  const readerNames = [reader.name, ...(reader.aliases ?? [])].map(short);
  return readerNames.includes(short(writer.name));
}

/** A short, human-readable type: `string`, `long`, `union [null, string]`, `array<TopicScore>`, `map<double>`. */
export function typeLabel(t: avro.Type): string {
  const any = t as AnyType;
  if (isUnion(t)) return `union [${branches(t).map(typeLabel).join(', ')}]`;
  if (isNamed(t)) return `${t.typeName} ${(t.name ?? '').split('.').pop()}`;
  if (t.typeName === 'array') return `array<${typeLabel(any.itemsType as avro.Type)}>`;
  if (t.typeName === 'map') return `map<${typeLabel(any.valuesType as avro.Type)}>`;
  if (t.typeName.startsWith('logical:')) return `${typeLabel(any.underlyingType as avro.Type)} (${t.typeName.slice(8)})`;
  return t.typeName;
}
