import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { LabeledText } from '../../../src/nlp/common/labeled-data.ts';
import { capPerClass, describeData } from '../../../src/nlp/train/train-data.ts';

describe('training data preparation', () => {
  const data: LabeledText[] = [
    { text: 'a', label: 'positive' },
    { text: 'b', label: 'negative' },
    { text: 'c', label: 'positive' },
    { text: 'd', label: 'positive' },
    { text: 'e', label: 'negative' },
  ];

  it('caps each class at its first N examples, in file order', () => {
    assert.deepEqual(
      capPerClass(data, 2).map((d) => d.text),
      ['a', 'b', 'c', 'e'],
    );
    assert.deepEqual(capPerClass(data, undefined), data);
  });

  it('describes the data: TweetEval validation, a SemEval export by its SOURCE.json, else the file name', async () => {
    assert.match(describeData('/x/tweeteval-sentiment-val', undefined), /^TweetEval sentiment validation split/);
    assert.equal(describeData('/nowhere/mine.tsv', 100), 'mine.tsv, first 100 per class');
    const dir = await mkdtemp(join(tmpdir(), 'train-data-'));
    try {
      await writeFile(join(dir, 'SOURCE.json'), JSON.stringify({ repo: 'owner/semeval', commit: '0123456789abcdef', kept: 42 }));
      assert.match(describeData(join(dir, 'train.tsv'), 5), /owner\/semeval@0123456 .* 42 after removing .*, first 5 per class;/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
