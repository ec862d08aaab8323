import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import { validatePost } from '../../src/contracts/post-input.ts';
import { createFileSource, detectFormat } from '../../src/produce/sources/file.ts';

async function collect(path: string, loop = false, limit = 100): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  const controller = new AbortController();
  for await (const item of createFileSource({ path, format: 'auto', loop }).items(controller.signal)) {
    out.push(item);
    if (out.length >= limit) controller.abort();
  }
  return out;
}

const post = (id: string) => ({ id, text: `post ${id}`, created_at: '2020-03-01T00:00:00Z', author: { id: 'a', handle: 'h' } });

test('JSONL: each line is an item; bad JSON is reported as unparsable with its line number', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ss-file-'));
  const path = join(dir, 'in.jsonl');
  await writeFile(path, `${JSON.stringify(post('1'))}\n\n{"id":\n${JSON.stringify(post('2'))}\n`);
  const items = await collect(path);
  assert.deepEqual(
    items.map((i) => i.kind),
    ['post', 'unparsable', 'post'],
  );
  assert.equal(items[1]!.origin, `file:${path}:3`);
  assert.match((items[1] as { reason: string }).reason, /not valid JSON/);
});

test('loop replays the file with -r<pass> id suffixes after the first pass', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ss-file-'));
  const path = join(dir, 'in.jsonl');
  await writeFile(path, `${JSON.stringify(post('1'))}\n${JSON.stringify(post('2'))}\n`);
  const items = await collect(path, true, 5);
  const ids = items.map((i) => (i.kind === 'post' ? (i.value as { id: string }).id : null));
  assert.deepEqual(ids, ['1', '2', '1-r2', '2-r2', '1-r3']);
});

test('CSV and X API v2 JSON files map onto valid posts', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ss-file-'));
  const csv = join(dir, 'in.csv');
  await writeFile(csv, 'id,text,created_at,author_id,author_handle,lang\n5,"hi, there",2020-03-01T00:00:00Z,9,ann,en\n6,short row\n');
  const csvItems = await collect(csv);
  assert.equal(csvItems.length, 2);
  assert.ok(csvItems[0]!.kind === 'post' && validatePost(csvItems[0]!.value).ok);
  assert.equal(csvItems[1]!.kind, 'unparsable');

  const json = join(dir, 'in.json');
  await writeFile(
    json,
    JSON.stringify({
      data: [{ id: '10', text: 'vaccine day!', created_at: '2021-01-01T00:00:00.000Z', author_id: '77', lang: 'en' }],
      includes: { users: [{ id: '77', username: 'doc_jane', name: 'Jane' }] },
    }),
  );
  const [item] = await collect(json);
  assert.ok(item && item.kind === 'post');
  const v = validatePost(item.value);
  assert.ok(v.ok);
  assert.equal(v.post.author.handle, 'doc_jane');
});

test('detectFormat goes by extension', () => {
  assert.equal(detectFormat('a.csv'), 'csv');
  assert.equal(detectFormat('a.json'), 'twitter-v2');
  assert.equal(detectFormat('a.jsonl'), 'jsonl');
});

test('CSV: a row over the line limit is dead-lettered with its first 512 KiB, the rows after it are read', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ss-file-'));
  const path = join(dir, 'big.csv');
  await writeFile(
    path,
    `id,text,created_at,author_id,author_handle,lang\n1,${'x'.repeat(600_000)},2021-01-01T00:00:00Z,a,b,en\n2,ok,2021-01-01T00:00:00Z,a,b,en\n`,
  );
  const items = await collect(path);
  assert.deepEqual(
    items.map((i) => i.kind),
    ['unparsable', 'post'],
  );
  const big = items[0] as { raw: Buffer; reason: string };
  assert.equal(big.raw.length, 512 * 1024);
  assert.match(big.reason, /over the 524288 byte limit/);
});
