import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../../src/errors/app-error.ts';
import { parseLabelMap, readEvalData } from '../../../src/nlp/eval/eval-data.ts';

describe('readEvalData', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eval-data-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads JSONL {text,label} and {text,labels}, mapping and lower-casing labels', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"text":"a","label":"POS"}\n\n{"text":"b","labels":["Masks","travel","masks"]}\n');
    const data = await readEvalData(path, { pos: 'positive' });
    assert.equal(data.multiLabel, true);
    assert.deepEqual(data.records, [{ text: 'a', labels: ['positive'] }, { text: 'b', labels: ['masks', 'travel'] }]);
  });

  it('reads TSV text<TAB>label, splitting on the last tab', async () => {
    const path = join(dir, 'a.tsv');
    await writeFile(path, 'tab\there\t0\nok\t2\n');
    const data = await readEvalData(path, await parseLabelMap('0=negative,2=positive'));
    assert.equal(data.multiLabel, false);
    assert.deepEqual(data.records, [{ text: 'tab\there', labels: ['negative'] }, { text: 'ok', labels: ['positive'] }]);
  });

  it('reads a TweetEval-style directory', async () => {
    const te = join(dir, 'te');
    await mkdir(te);
    await writeFile(join(te, 'val_text.txt'), 'one\ntwo\n');
    await writeFile(join(te, 'val_labels.txt'), '1\n0\n');
    const data = await readEvalData(te, { '0': 'negative', '1': 'neutral' });
    assert.deepEqual(data.records.map((r) => r.labels[0]), ['neutral', 'negative']);
  });

  it('names the file and line of a bad record', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, '{"text":"a","label":"x"}\n{"text":3,"label":"x"}\n');
    await assert.rejects(readEvalData(path), (e) => isAppError(e) && e.code === 'INVALID_INPUT' && e.message.includes('bad.jsonl:2'));
  });

  it('reads a label map from a JSON file and rejects malformed pairs', async () => {
    const path = join(dir, 'map.json');
    await writeFile(path, '{"neg":"negative"}');
    assert.deepEqual(await parseLabelMap(path), { neg: 'negative' });
    await assert.rejects(parseLabelMap('neg:negative'), /FROM=TO/);
  });
});
