import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readLabeled } from '../../../src/nlp/common/labeled-data.ts';

describe('readLabeled', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labeled-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads JSONL with names or TweetEval numbers as labels', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"text":"great","label":"positive"}\n\n{"text":"meh","label":1}\n{"text":"bad","label":"0"}\n');
    assert.deepEqual(await readLabeled(path), [
      { text: 'great', label: 'positive' },
      { text: 'meh', label: 'neutral' },
      { text: 'bad', label: 'negative' },
    ]);
  });

  it('reads TSV, splitting on the last tab', async () => {
    const path = join(dir, 'a.tsv');
    await writeFile(path, 'tab\tinside\tNEGATIVE\nfine\t2\n');
    assert.deepEqual(await readLabeled(path), [
      { text: 'tab\tinside', label: 'negative' },
      { text: 'fine', label: 'positive' },
    ]);
  });

  it('reads a TweetEval split directory', async () => {
    const te = join(dir, 'te');
    await mkdir(te);
    await writeFile(join(te, 'val_text.txt'), 'one \ntwo\n');
    await writeFile(join(te, 'val_labels.txt'), '2\n0\n');
    assert.deepEqual(await readLabeled(te), [
      { text: 'one', label: 'positive' },
      { text: 'two', label: 'negative' },
    ]);
  });

  it('says where a bad label is', async () => {
    const path = join(dir, 'bad.tsv');
    await writeFile(path, 'ok\tpositive\nhmm\tmaybe\n');
    await assert.rejects(readLabeled(path), /bad\.tsv:2: label "maybe"/);
  });
});
