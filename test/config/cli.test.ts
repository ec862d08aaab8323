import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCli } from '../../src/config/cli.ts';
import { sinkSpec } from '../../src/sink/config.ts';
import { produceSpec } from '../../src/produce/config.ts';

test('defaults apply, flags win over env, and the result is frozen', () => {
  const parsed = parseCli(sinkSpec, ['--batch-size', '50'], { SINK_BATCH_SIZE: '7', SINK_TABLE: 'side_table' });
  assert.ok(!('help' in parsed));
  assert.equal(parsed.config.batchSize, 50);
  assert.equal(parsed.config.table, 'side_table');
  assert.deepEqual(parsed.config.brokers, ['127.0.0.1:19092']);
  assert.ok(Object.isFrozen(parsed.config));
});

test('every problem is reported at once with flag, env name and example', () => {
  assert.throws(
    () => parseCli(sinkSpec, ['--batch-size', 'many', '--mysql-url', 'nope'], {}),
    (error: Error) => {
      assert.match(error.message, /--batch-size \(env SINK_BATCH_SIZE\)/);
      assert.match(error.message, /--mysql-url \(env MYSQL_URL\).*example: mysql:\/\//);
      return true;
    },
  );
});

test('--help returns the help text listing every option', () => {
  const parsed = parseCli(produceSpec, ['--help'], {});
  assert.ok('help' in parsed);
  for (const opt of Object.values(produceSpec.options)) assert.ok(parsed.help.includes(`--${opt.flag}`), opt.flag);
});

test('the x source needs a token and a rule', () => {
  assert.throws(() => parseCli(produceSpec, ['--source', 'x'], {}), /bearer-token.*required for --source x[\s\S]*give at least one --rule/);
});

test('unknown flags are refused', () => {
  assert.throws(() => parseCli(sinkSpec, ['--bogus', '1'], {}), /Unknown option '--bogus'/);
});
