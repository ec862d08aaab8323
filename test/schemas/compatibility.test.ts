import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkSchemaCompatibility, Direction, formatReport, plan, type SchemaVersion } from '../../src/schemas/compatibility.ts';
import { COMPATIBILITY_LEVELS } from '../../src/schemas/compatibility-level.ts';

const schema = (fields: unknown[]) => JSON.stringify({ type: 'record', name: 'Post', fields });
const v1 = schema([
  { name: 'id', type: 'string' },
  { name: 'text', type: 'string' },
]);
const v2 = schema([
  { name: 'id', type: 'string' },
  { name: 'text', type: 'string' },
  { name: 'lang', type: 'string', default: 'und' },
]);
const history: SchemaVersion[] = [
  { label: 'v1', schema: v1 },
  { label: 'v2', schema: v2 },
];

test('each level compares with the right versions in the right directions', () => {
  const labels = (level: (typeof COMPATIBILITY_LEVELS)[number]) => plan(level, history).map((s) => `${s.version.label}:${s.direction}`);
  assert.deepEqual(labels('BACKWARD'), ['v2:backward']);
  assert.deepEqual(labels('BACKWARD_TRANSITIVE'), ['v1:backward', 'v2:backward']);
  assert.deepEqual(labels('FORWARD'), ['v2:forward']);
  assert.deepEqual(labels('FORWARD_TRANSITIVE'), ['v1:forward', 'v2:forward']);
  assert.deepEqual(labels('FULL'), ['v2:backward', 'v2:forward']);
  assert.deepEqual(labels('FULL_TRANSITIVE'), ['v1:backward', 'v1:forward', 'v2:backward', 'v2:forward']);
  assert.deepEqual(labels('NONE'), []);
  assert.deepEqual(plan('FULL', []), []);
});

test('adding a field with a default is compatible under every level', () => {
  const v3 = schema([
    { name: 'id', type: 'string' },
    { name: 'text', type: 'string' },
    { name: 'lang', type: 'string', default: 'und' },
    { name: 'score', type: 'double', default: 0 },
  ]);
  for (const level of COMPATIBILITY_LEVELS) {
    const report = checkSchemaCompatibility(v3, history, level);
    assert.ok(report.compatible, `${level}: ${formatReport('v3', report)}`);
  }
});

test('a field added without a default fails BACKWARD with a readable reason, passes FORWARD', () => {
  const v3 = schema([
    { name: 'id', type: 'string' },
    { name: 'text', type: 'string' },
    { name: 'score', type: 'double' },
  ]);
  const backward = checkSchemaCompatibility(v3, history, 'BACKWARD');
  assert.equal(backward.compatible, false);
  assert.deepEqual(backward.failures, [
    { against: 'v2', direction: Direction.BACKWARD, reasons: ['field `score` added without a default: old records cannot be read'] },
  ]);
  assert.ok(checkSchemaCompatibility(v3, history, 'FORWARD').compatible, 'old readers ignore the new field');
});

test('a field removed that the old schema has no default for fails FORWARD, passes BACKWARD', () => {
  const v3 = schema([
    { name: 'id', type: 'string' },
    { name: 'lang', type: 'string', default: 'und' },
  ]);
  assert.ok(checkSchemaCompatibility(v3, history, 'BACKWARD').compatible);
  const forward = checkSchemaCompatibility(v3, history, 'FORWARD_TRANSITIVE');
  assert.equal(forward.compatible, false);
  assert.deepEqual(
    forward.failures.map((f) => f.against),
    ['v1', 'v2'],
  );
  assert.equal(
    forward.failures[0]!.reasons[0],
    'field `text` removed, and the old schema has no default for it: consumers still on the old schema cannot read new records',
  );
});

test('a type change names both types; transitive levels catch what the latest version hides', () => {
  // v2 dropped `text`; v3 brings it back as a long: fine against v2, not against v1.
  const dropped = schema([{ name: 'id', type: 'string' }]);
  const v3 = schema([
    { name: 'id', type: 'string' },
    { name: 'text', type: 'long', default: 0 },
  ]);
  const versions = [
    { label: 'v1', schema: v1 },
    { label: 'v2', schema: dropped },
  ];
  assert.ok(checkSchemaCompatibility(v3, versions, 'BACKWARD').compatible);
  const transitive = checkSchemaCompatibility(v3, versions, 'BACKWARD_TRANSITIVE');
  assert.equal(transitive.compatible, false);
  assert.deepEqual(transitive.failures[0]!.reasons, [
    'field `text` changed type from string to long, which Avro cannot convert: old records cannot be read',
  ]);
});

test('the report prints one line per reason under the version it failed against', () => {
  const v3 = schema([
    { name: 'id', type: 'int' },
    { name: 'score', type: 'double' },
  ]);
  const text = formatReport('post', checkSchemaCompatibility(v3, history, 'FULL'));
  assert.equal(
    text,
    [
      'post: INCOMPATIBLE under FULL',
      '  against v2 (backward):',
      '    - field `id` changed type from string to int, which Avro cannot convert: old records cannot be read',
      '    - field `score` added without a default: old records cannot be read',
      '  against v2 (forward):',
      '    - field `id` changed type from string to int, which Avro cannot convert: consumers still on the old schema cannot read new records',
      '    - field `text` removed, and the old schema has no default for it: consumers still on the old schema cannot read new records',
    ].join('\n'),
  );
  assert.equal(formatReport('post', checkSchemaCompatibility(v2, [], 'FULL')), 'post: nothing to compare with under FULL');
});

test('an invalid schema is an error naming which one', () => {
  assert.throws(() => checkSchemaCompatibility('{"type":"recrd"}', history, 'BACKWARD'), /the new schema is not a valid Avro schema/);
  assert.throws(() => checkSchemaCompatibility(v2, [{ label: 'v9', schema: 'not json' }], 'BACKWARD'), /v9 is not a valid Avro schema/);
});
