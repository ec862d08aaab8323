import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { before, describe, it } from 'node:test';
import { ensureModels } from '../../../src/nlp/fetch/model-fetch.ts';

/** The `npm run eval` script end to end, with the real default model. */
function runEval(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/eval.ts', ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('scripts/eval.ts', () => {
  before(() => ensureModels());

  it('topics: top-1 accuracy >= 0.75 on the 364 hand-labeled posts with the default taxonomy', () => {
    const r = runEval('test/fixtures/topics-labeled.jsonl', '--task', 'topic', '--json');
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout) as Record<string, unknown>;
    for (const key of ['n', 'accuracy', 'macro_f1', 'macro_recall', 'per_class', 'posts_per_s']) assert.ok(key in report, `missing ${key}`);
    assert.equal(report.n, 364);
    assert.ok((report.accuracy as number) >= 0.75, `top-1 accuracy ${String(report.accuracy)}`);
    const classes = Object.keys(report.per_class as object);
    assert.equal(
      classes.filter((c) => c !== 'other').length,
      14,
      'every taxonomy topic, plus `other` when a post fell below the similarity floor',
    );
  });

  it('evaluates the new and the previous default in one run with --encoder a,b, and reports the other rate', () => {
    const r = runEval(
      'test/fixtures/topics-off-topic.jsonl',
      '--task',
      'topic',
      '--json',
      '--limit',
      '8',
      '--encoder',
      'minilm-tweet-q,all-minilm-l6-v2-q',
    );
    assert.equal(r.code, 0, r.stderr);
    const reports = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { encoder: string; n: number; other_rate: number });
    assert.deepEqual(
      reports.map((x) => x.encoder),
      ['minilm-tweet-q', 'all-minilm-l6-v2-q'],
    );
    for (const x of reports) assert.ok(x.n === 8 && x.other_rate >= 0 && x.other_rate <= 1);
    const none = runEval('test/fixtures/topics-off-topic.jsonl', '--task', 'topic', '--json', '--limit', '8', '--fallback', 'none');
    assert.equal((JSON.parse(none.stdout) as { other_rate: number }).other_rate, 0, '--fallback none never answers other');
  });

  it('prints the text report with a confusion matrix', () => {
    const r = runEval('test/fixtures/eval-sentiment-small.tsv', '--binary');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /task sentiment \(binary\)/);
    assert.match(r.stdout, /^n 5$/m);
    assert.match(r.stdout, /confusion matrix/);
    assert.match(r.stdout, /throughput \d+ posts\/s \(batch 32\)/);
  });

  it('refuses --binary on topics and a missing file, with exit codes 1', () => {
    assert.equal(runEval('test/fixtures/topics-labeled.jsonl', '--task', 'topic', '--binary').code, 1);
    const missing = runEval('nope.jsonl');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.jsonl does not exist/);
  });

  it('lists bad flags with exit code 2', () => {
    const r = runEval('x.jsonl', '--task', 'emotion');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--task/);
  });
});
