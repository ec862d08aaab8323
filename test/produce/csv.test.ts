import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRowToPost, parseCsv } from '../../src/produce/csv.ts';

test('parseCsv handles quotes, doubled quotes, commas and newlines inside fields', () => {
  const text = 'id,text\n1,"hello, world"\n2,"she said ""hi"""\n3,"two\nlines"\r\n4,plain\n';
  const rows = [...parseCsv(text)];
  assert.deepEqual(
    rows.map((r) => r.fields),
    [['id', 'text'], ['1', 'hello, world'], ['2', 'she said "hi"'], ['3', 'two\nlines'], ['4', 'plain']],
  );
  assert.equal(rows[4]!.line, 6, 'line numbers count the newline inside the quoted field');
});

test('parseCsv keeps a last row without a trailing newline and skips blank lines', () => {
  assert.deepEqual([...parseCsv('a,b\n\n1,2')].map((r) => r.fields), [['a', 'b'], ['1', '2']]);
});

test('csvRowToPost maps header columns onto a post', () => {
  const post = csvRowToPost(['id', 'text', 'created_at', 'author_id', 'author_handle', 'lang'], ['7', 'hi', '2020-03-01T00:00:00Z', '9', 'ann', 'en']);
  assert.deepEqual(post, { id: '7', text: 'hi', created_at: '2020-03-01T00:00:00Z', author: { id: '9', handle: 'ann' }, lang: 'en', hashtags: undefined });
});
