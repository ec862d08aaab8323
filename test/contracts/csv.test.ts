import assert from 'node:assert/strict';
import { test } from 'node:test';
import { csvRowToPost, parseCsv, parseCsvBytes } from '../../src/contracts/csv.ts';

test('parseCsv handles quotes, doubled quotes, commas and newlines inside fields', () => {
  const text = 'id,text\n1,"hello, world"\n2,"she said ""hi"""\n3,"two\nlines"\r\n4,plain\n';
  const rows = [...parseCsv(text)];
  assert.deepEqual(
    rows.map((r) => r.fields),
    [
      ['id', 'text'],
      ['1', 'hello, world'],
      ['2', 'she said "hi"'],
      ['3', 'two\nlines'],
      ['4', 'plain'],
    ],
  );
  assert.equal(rows[4]!.line, 6, 'line numbers count the newline inside the quoted field');
});

test('parseCsv keeps a last row without a trailing newline and skips blank lines', () => {
  assert.deepEqual(
    [...parseCsv('a,b\n\n1,2')].map((r) => r.fields),
    [
      ['a', 'b'],
      ['1', '2'],
    ],
  );
});

test('csvRowToPost maps header columns onto a post', () => {
  const post = csvRowToPost(
    ['id', 'text', 'created_at', 'author_id', 'author_handle', 'lang'],
    ['7', 'hi', '2020-03-01T00:00:00Z', '9', 'ann', 'en'],
  );
  assert.deepEqual(post, {
    id: '7',
    text: 'hi',
    created_at: '2020-03-01T00:00:00Z',
    author: { id: '9', handle: 'ann' },
    lang: 'en',
    hashtags: undefined,
  });
});

test("parseCsvBytes keeps each row's exact bytes and refuses rows that are not UTF-8", () => {
  const rows = [
    Buffer.from('id,text'),
    Buffer.from('1,"caf\u00e9, ""ok""\nstill one row"'),
    Buffer.concat([Buffer.from('2,bad '), Buffer.from([0xc3, 0x28])]),
    Buffer.from('3,\u{1F600}'),
  ];
  const input = Buffer.concat(rows.flatMap((r, i) => (i === 1 ? [r, Buffer.from('\r\n')] : [r, Buffer.from('\n')])));
  const records = [...parseCsvBytes(input)];
  assert.equal(records.length, 4);
  for (const [i, r] of records.entries()) assert.ok(r.raw.equals(rows[i]!), `row ${i} bytes`);
  assert.deepEqual(records[1]!.fields, ['1', 'caf\u00e9, "ok"\nstill one row']);
  assert.equal(records[2]!.fields, null);
  assert.deepEqual(records[3]!.fields, ['3', '\u{1F600}']);
});
