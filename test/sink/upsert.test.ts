import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ROW_COLUMNS } from '../../src/db/classification-row.ts';
import { toDatabaseError, upsertSql } from '../../src/sink/upsert.ts';

test('upsertSql binds every value and updates all columns but the key', () => {
  const sql = upsertSql('classifications', 2);
  assert.equal((sql.match(/\?/g) ?? []).length, ROW_COLUMNS.length * 2);
  assert.match(sql, /ON DUPLICATE KEY UPDATE text=VALUES\(text\)/);
  assert.doesNotMatch(sql, /tweet_id=VALUES/);
});

test('upsertSql refuses a table name that could inject SQL', () => {
  assert.throws(() => upsertSql('x; DROP TABLE y', 1), /Invalid table name/);
});

test('toDatabaseError marks connection loss retriable and constraint errors not', () => {
  assert.equal(toDatabaseError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })).retriable, true);
  assert.equal(toDatabaseError(Object.assign(new Error('gone'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })).retriable, true);
  assert.equal(toDatabaseError(Object.assign(new Error('too long'), { code: 'ER_DATA_TOO_LONG' })).retriable, false);
});
