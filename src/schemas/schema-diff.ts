import type avro from 'avsc';
import { typeLabel } from './resolution.ts';

/**
 * A field-level diff of two record schemas, for `schemas diff <subject> v1 v2`: what a reviewer
 * needs to see before asking whether the change is compatible.
 */
export interface FieldChange {
  readonly op: 'added' | 'removed' | 'changed';
  readonly path: string;
  readonly detail: string;
}

type Field = avro.types.Field;

export function diffSchemas(from: avro.Type, to: avro.Type): FieldChange[] {
  const out: FieldChange[] = [];
  if (from.typeName === 'record' && to.typeName === 'record') diffRecords(from, to, '', out);
  else if (typeLabel(from) !== typeLabel(to)) out.push({ op: 'changed', path: '', detail: `${typeLabel(from)} -> ${typeLabel(to)}` });
  return out;
}

function diffRecords(from: avro.Type, to: avro.Type, prefix: string, out: FieldChange[]): void {
  const before = fieldsOf(from);
  const after = fieldsOf(to);
  const at = (name: string) => (prefix ? `${prefix}.${name}` : name);
  for (const field of after) {
    const old = before.find((f) => f.name === field.name || (field.aliases ?? []).includes(f.name));
    if (!old) out.push({ op: 'added', path: at(field.name), detail: describeField(field) });
    else diffField(old, field, at(field.name), out);
  }
  for (const field of before) {
    if (!after.some((f) => f.name === field.name || (f.aliases ?? []).includes(field.name))) {
      out.push({ op: 'removed', path: at(field.name), detail: describeField(field) });
    }
  }
}

function diffField(old: Field, field: Field, path: string, out: FieldChange[]): void {
  if (old.name !== field.name) out.push({ op: 'changed', path, detail: `renamed from \`${old.name}\` (alias)` });
  const [a, b] = [old.type, field.type];
  if (a.typeName === 'record' && b.typeName === 'record') {
    if (a.name !== b.name) out.push({ op: 'changed', path, detail: `record ${a.name} -> ${b.name}` });
    diffRecords(a, b, path, out);
  } else if (typeLabel(a) !== typeLabel(b)) {
    out.push({ op: 'changed', path, detail: `${typeLabel(a)} -> ${typeLabel(b)}` });
  }
  const [da, db] = [defaultText(old), defaultText(field)];
  if (da !== db) out.push({ op: 'changed', path, detail: `default ${da ?? '(none)'} -> ${db ?? '(none)'}` });
}

function fieldsOf(t: avro.Type): Field[] {
  return (t as unknown as { fields: Field[] }).fields;
}

function defaultText(field: Field): string | undefined {
  const value: unknown = field.defaultValue();
  if (value === undefined) return undefined;
  return JSON.stringify(value, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('latin1') : v));
}

export function describeField(field: Field): string {
  const def = defaultText(field);
  return `${typeLabel(field.type)}${def === undefined ? ', no default' : `, default ${def}`}`;
}

export function formatDiff(changes: readonly FieldChange[]): string[] {
  if (changes.length === 0) return ['  (no field changes)'];
  const sign = { added: '+', removed: '-', changed: '~' } as const;
  return changes.map((c) => `  ${sign[c.op]} ${c.path ? `\`${c.path}\`` : '(root)'}: ${c.detail}`);
}
