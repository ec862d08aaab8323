import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dedupe, parseSemEvalLines, SEMEVAL_TRAIN_FILES, tweetKey, unescapeTweet } from '../../../src/nlp/train/semeval-data.ts';

describe('SemEval 2013-2016 training data', () => {
  it('parses id<TAB>label<TAB>text, unescaping \\uXXXX and anonymising mentions like TweetEval', () => {
    const rows = parseSemEvalLines(
      '1\tpositive\tGas hit $3.39\\u002c I\\u2019m off to @chapelhill :)\n2\tobjective\tskip\n3\tnegative\tNot Available\n\n4\tneutral\tOpen at 9\t\n',
    );
    assert.deepEqual(rows, [
      { text: 'Gas hit $3.39, I’m off to @user :)', label: 'positive' },
      { text: 'Open at 9', label: 'neutral' },
    ]);
    assert.equal(unescapeTweet('a\\u002cb'), 'a,b');
  });

  it('matches a SemEval tweet to its TweetEval form (mentions, URLs, case, punctuation)', () => {
    assert.equal(tweetKey('@Bob Loving the NEW album!!! http://t.co/x1'), tweetKey('@user loving the new album!!!'));
    assert.notEqual(tweetKey('loving the new album'), tweetKey('hating the new album'));
  });

  it('drops excluded tweets and later duplicates', () => {
    const rows = [
      { text: 'held out one', label: 'neutral' as const },
      { text: 'keep me', label: 'positive' as const },
      { text: 'Keep me!', label: 'negative' as const },
    ];
    const r = dedupe(rows, new Set([tweetKey('Held out one.')]));
    assert.deepEqual(r, { rows: [rows[1]], excluded: 1, duplicates: 1 });
  });

  it('never lists the SemEval-2017 test file (the TweetEval benchmark split)', () => {
    assert.ok(SEMEVAL_TRAIN_FILES.every((f) => !/2017/.test(f)));
  });
});
