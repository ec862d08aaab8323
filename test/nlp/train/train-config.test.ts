import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCli } from '../../../src/config/cli.ts';
import { DEFAULT_TRAIN_DATA, trainSpec } from '../../../src/nlp/train/train-config.ts';

describe('train command line', () => {
  const parse = (...argv: string[]) => parseCli(trainSpec, argv, {});

  it('keeps the defaults of every flag', () => {
    const parsed = parse();
    assert.ok('config' in parsed);
    const c = parsed.config;
    assert.equal(c.data, DEFAULT_TRAIN_DATA);
    assert.deepEqual(c.l2, [0.03, 0.1, 0.3, 1, 3]);
    assert.deepEqual(
      [
        c.folds,
        c.head,
        c.hidden,
        c.activation,
        c.dropout,
        c.weightDecay,
        c.lr,
        c.epochs,
        c.patience,
        c.seed,
        c.members,
        c.balance,
        c.inputDropout,
        c.dryRun,
      ],
      [5, 'softmax', 256, 'relu', 0.2, 1e-4, 1e-3, 60, 6, 1, 1, 1, 0, false],
    );
  });

  it('reads the kebab-case flags into typed values', () => {
    const parsed = parse(
      '--max-per-class',
      '7',
      '--weight-decay',
      '0.01',
      '--input-dropout',
      '0.1',
      '--dry-run',
      '--head',
      'mlp',
      '--folds',
      '0',
      '--l2',
      '0.5,2',
    );
    assert.ok('config' in parsed);
    assert.deepEqual(
      [
        parsed.config.maxPerClass,
        parsed.config.weightDecay,
        parsed.config.inputDropout,
        parsed.config.dryRun,
        parsed.config.folds,
        parsed.config.l2,
      ],
      [7, 0.01, 0.1, true, 0, [0.5, 2]],
    );
  });

  it('rejects one fold, and no folds for the softmax head, naming the flag', () => {
    assert.throws(() => parse('--folds', '1'), /--folds: must be >= 2/);
    assert.throws(() => parse('--folds', '0'), /--folds: must be >= 2 \(or 0 with --head mlp\)/);
    assert.throws(() => parse('--head', 'tree'), /--head/);
  });

  it('answers --help with every flag', () => {
    const parsed = parse('--help');
    assert.ok('help' in parsed);
    for (const flag of ['--data', '--max-per-class', '--dry-run', '--input-dropout', '--members'])
      assert.ok(parsed.help.includes(flag), flag);
  });
});
