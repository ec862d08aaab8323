import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { canRead, findResolutionProblems, ProblemKind, typeLabel } from '../../src/schemas/resolution.ts';

const record = (fields: unknown[], name = 'R') => avro.Type.forSchema({ type: 'record', name, fields } as avro.Schema);
const base = [
  { name: 'id', type: 'string' },
  { name: 'count', type: 'int' },
  { name: 'lang', type: ['null', 'string'], default: null },
  { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['A', 'B'] } },
  { name: 'score', type: { type: 'record', name: 'Score', fields: [{ name: 'value', type: 'double' }] } },
  { name: 'tags', type: { type: 'array', items: 'string' }, default: [] },
];
// biome-ignore lint/suspicious/noExplicitAny: each edit reaches into the nested schema JSON of a different field's shape
const edit = (f: (fields: any[]) => void) => {
  const fields = structuredClone(base);
  f(fields);
  return record(fields);
};
const old = record(base);

test('identical and promoted types resolve with no problems', () => {
  assert.deepEqual(findResolutionProblems(old, old), []);
  const promoted = edit((f) => (f[1].type = 'long'));
  assert.ok(canRead(promoted, old), 'long reads int');
  assert.deepEqual(findResolutionProblems(promoted, old), []);
});

test('a reader field without a default that the writer lacks is a missing field, with its path', () => {
  const added = edit((f) => f[4].type.fields.push({ name: 'label', type: 'string' }));
  assert.deepEqual(findResolutionProblems(added, old), [
    { kind: ProblemKind.MISSING_FIELD, path: 'score.label', readerType: 'string', writerType: '(absent)' },
  ]);
  const withDefault = edit((f) => f[4].type.fields.push({ name: 'label', type: 'string', default: '' }));
  assert.deepEqual(findResolutionProblems(withDefault, old), []);
});

test('a type change without promotion is reported on the field, also inside arrays', () => {
  const changed = edit((f) => {
    f[0].type = 'long';
    f[5].type.items = 'int';
  });
  const problems = findResolutionProblems(changed, old);
  assert.deepEqual(
    problems.map((p) => [p.kind, p.path, p.writerType, p.readerType]),
    [
      [ProblemKind.TYPE_CHANGED, 'id', 'string', 'long'],
      [ProblemKind.TYPE_CHANGED, 'tags[]', 'string', 'int'],
    ],
  );
});

test('a narrowed union names the lost branch; enums name the unknown symbols', () => {
  const narrowed = edit((f) => {
    f[2] = { name: 'lang', type: 'string', default: '' };
  });
  const [union] = findResolutionProblems(narrowed, old);
  assert.equal(union?.kind, ProblemKind.UNION_BRANCHES);
  assert.deepEqual(union?.items, ['null']);

  const more = edit((f) => f[3].type.symbols.push('C'));
  const [symbols] = findResolutionProblems(old, more);
  assert.equal(symbols?.kind, ProblemKind.ENUM_SYMBOLS);
  assert.deepEqual(symbols?.items, ['C']);
  const withDefault = edit((f) => (f[3].type.default = 'A'));
  assert.deepEqual(findResolutionProblems(withDefault, more), [], 'an enum default absorbs unknown symbols');
});

test('a renamed record needs an alias', () => {
  const renamed = edit((f) => (f[4].type.name = 'Rating'));
  assert.equal(findResolutionProblems(renamed, old)[0]?.kind, ProblemKind.RENAMED);
  const aliased = edit((f) => Object.assign(f[4].type, { name: 'Rating', aliases: ['Score'] }));
  assert.deepEqual(findResolutionProblems(aliased, old), []);
});

test('a renamed field with an alias resolves', () => {
  const renamed = edit((f) => Object.assign(f[0], { name: 'post_id', aliases: ['id'] }));
  assert.deepEqual(findResolutionProblems(renamed, old), []);
  const bare = edit((f) => (f[0].name = 'post_id'));
  assert.equal(findResolutionProblems(bare, old)[0]?.path, 'post_id');
});

test('type labels are short and readable', () => {
  const t = avro.Type.forSchema({ type: 'map', values: ['null', { type: 'array', items: 'double' }] } as avro.Schema);
  assert.equal(typeLabel(t), 'map<union [null, array<double>]>');
  assert.equal(typeLabel(old), 'record R');
});
