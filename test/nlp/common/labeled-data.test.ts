import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, isAppError } from '../../../src/errors/app-error.ts';
import { parseLabelMap, readLabeled, readLabeledData, TWEETEVAL_SENTIMENT_MAP } from '../../../src/nlp/common/labeled-data.ts';

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

describe('readLabeledData', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labeled-data-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('reads JSONL {text,label} and {text,labels}, mapping and lower-casing labels', async () => {
    const path = join(dir, 'a.jsonl');
    await writeFile(path, '{"text":"a","label":"POS"}\n\n{"text":"b","labels":["Masks","travel","masks"]}\n');
    const data = await readLabeledData(path, { map: { pos: 'positive' } });
    assert.equal(data.multiLabel, true);
    assert.deepEqual(data.records, [
      { text: 'a', labels: ['positive'] },
      { text: 'b', labels: ['masks', 'travel'] },
    ]);
  });

  it('reads TSV text<TAB>label, splitting on the last tab', async () => {
    const path = join(dir, 'a.tsv');
    await writeFile(path, 'tab\there\t0\nok\t2\n');
    const data = await readLabeledData(path, { map: await parseLabelMap('0=negative,2=positive') });
    assert.equal(data.multiLabel, false);
    assert.deepEqual(data.records, [
      { text: 'tab\there', labels: ['negative'] },
      { text: 'ok', labels: ['positive'] },
    ]);
  });

  it('reads a TweetEval-style directory', async () => {
    const te = join(dir, 'te');
    await mkdir(te);
    await writeFile(join(te, 'val_text.txt'), 'one\ntwo\n');
    await writeFile(join(te, 'val_labels.txt'), '1\n0\n');
    const data = await readLabeledData(te, { map: { '0': 'negative', '1': 'neutral' } });
    assert.deepEqual(
      data.records.map((r) => r.labels[0]),
      ['neutral', 'negative'],
    );
  });

  it('names the file and line of a bad record', async () => {
    const path = join(dir, 'bad.jsonl');
    await writeFile(path, '{"text":"a","label":"x"}\n{"text":3,"label":"x"}\n');
    await assert.rejects(
      readLabeledData(path),
      (e) => isAppError(e) && e.code === ErrorCode.INVALID_INPUT && e.message.includes('bad.jsonl:2'),
    );
  });

  it('reads a label map from a JSON file and rejects malformed pairs', async () => {
    const path = join(dir, 'map.json');
    await writeFile(path, '{"neg":"negative"}');
    assert.deepEqual(await parseLabelMap(path), { neg: 'negative' });
    await assert.rejects(parseLabelMap('neg:negative'), /FROM=TO/);
  });
});

describe('which TweetEval split is read', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labeled-split-'));
    await writeFile(join(dir, 'train_text.txt'), 'trained on\n');
    await writeFile(join(dir, 'train_labels.txt'), '2\n');
    await writeFile(join(dir, 'val_text.txt'), 'reported on\n');
    await writeFile(join(dir, 'val_labels.txt'), '0\n');
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('refuses to guess between several splits, naming each', async () => {
    await assert.rejects(
      readLabeled(dir),
      (e) =>
        isAppError(e) &&
        e.code === ErrorCode.INVALID_INPUT &&
        /splits train, val/.test(e.message) &&
        e.message.includes(join(dir, 'val_text.txt')),
    );
    await assert.rejects(readLabeledData(dir), /splits train, val/);
  });

  it('reads the split whose text file is named, for training and for evaluation alike', async () => {
    assert.deepEqual(await readLabeled(join(dir, 'train_text.txt')), [{ text: 'trained on', label: 'positive' }]);
    assert.deepEqual((await readLabeledData(join(dir, 'val_text.txt'), { map: TWEETEVAL_SENTIMENT_MAP })).records, [
      { text: 'reported on', labels: ['negative'] },
    ]);
  });
});

describe('readLabeled (sentiment training data)', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'labeled-train-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('names the real line of a bad label, blank lines included', async () => {
    const path = join(dir, 'gaps.tsv');
    await writeFile(path, 'ok\tpositive\n\n\nhmm\tmaybe\n');
    await assert.rejects(readLabeled(path), /gaps\.tsv:4: label "maybe"/);
  });

  it('refuses multi-label records and empty files', async () => {
    const multi = join(dir, 'multi.jsonl');
    await writeFile(multi, '{"text":"a","labels":["positive","neutral"]}\n');
    await assert.rejects(readLabeled(multi), /one "label" per record/);
    const empty = join(dir, 'empty.tsv');
    await writeFile(empty, '\n');
    await assert.rejects(readLabeled(empty), /holds no records/);
  });
});
