import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { historyOf } from '../../src/schemas/history.ts';
import { diffSchemas, formatDiff } from '../../src/schemas/schema-diff.ts';

const type = (s: string) => avro.Type.forSchema(JSON.parse(s) as avro.Schema);

test('classification v1 -> v2 shows the three added fields with their defaults', () => {
  const [v1, v2] = historyOf('classification');
  const lines = formatDiff(diffSchemas(type(v1!.schema), type(v2!.schema)));
  assert.deepEqual(lines, [
    '  + `schema_version`: int, default 1',
    '  + `language`: string, default "und"',
    '  + `topic_scores`: map<double>, default {}',
  ]);
});

test('removed, retyped, nested and default changes are listed', () => {
  const a = avro.Type.forSchema({
    type: 'record',
    name: 'R',
    fields: [
      { name: 'a', type: 'int' },
      { name: 'b', type: 'string', default: 'x' },
      { name: 'n', type: { type: 'record', name: 'N', fields: [{ name: 'x', type: 'int' }] } },
    ],
  } as avro.Schema);
  const b = avro.Type.forSchema({
    type: 'record',
    name: 'R',
    fields: [
      { name: 'a', type: 'long' },
      { name: 'b', type: 'string', default: 'y' },
      { name: 'n', type: { type: 'record', name: 'N', fields: [] } },
    ],
  } as avro.Schema);
  assert.deepEqual(diffSchemas(a, b), [
    { op: 'changed', path: 'a', detail: 'int -> long' },
    { op: 'changed', path: 'b', detail: 'default "x" -> "y"' },
    { op: 'removed', path: 'n.x', detail: 'int, no default' },
  ]);
  assert.deepEqual(formatDiff([]), ['  (no field changes)']);
});
