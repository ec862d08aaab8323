import assert from 'node:assert/strict';
import { test } from 'node:test';
import { z } from 'zod';
import { type CliSpec, helpRequested, isEntryPoint, parseCli, scriptArgs } from '../../src/config/cli.ts';
import { ErrorCode, isAppError } from '../../src/errors/app-error.ts';
import { produceSpec } from '../../src/produce/config.ts';
import { sinkSpec } from '../../src/sink/config.ts';

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

const tool = {
  command: 'tool',
  summary: 'A tool with commands.',
  options: { brokers: { flag: 'brokers', env: 'TOOL_BROKERS', description: 'Kafka nodes', example: '3' } },
  commands: {
    up: { summary: 'start everything\nand wait' },
    status: { summary: 'show each service', options: { json: { flag: 'json', type: 'boolean', description: 'as JSON' } } },
    logs: {
      summary: 'print a log',
      positionals: '<service>',
      options: { lines: { flag: 'lines', env: 'TOOL_LINES', description: 'last N lines', example: '20' } },
    },
  },
  schema: z.strictObject({
    brokers: z.coerce.number().int().positive().optional(),
    json: z.boolean().default(false),
    lines: z.coerce.number().int().positive().optional(),
  }),
  notes: 'Environment:\n  TOOL_HOME   where it lives',
} satisfies CliSpec<z.ZodType>;

test('a subcommand is the first positional; its positionals follow it; global flags go anywhere', () => {
  const parsed = parseCli(tool, ['--brokers', '3', 'logs', 'kafka', '--lines', '5'], {});
  assert.ok(!('help' in parsed));
  assert.equal(parsed.command, 'logs');
  assert.deepEqual(parsed.positionals, ['kafka']);
  assert.deepEqual({ ...parsed.config }, { brokers: 3, json: false, lines: 5 });
  const status = parseCli(tool, ['status', '--json'], { TOOL_LINES: '9' });
  assert.ok(!('help' in status));
  assert.equal(status.config.json, true);
  assert.equal(status.config.lines, undefined, "another command's env variable is not read");
});

test("a command's own option is refused on another command; unknown and missing commands are config errors", () => {
  assert.throws(
    () => parseCli(tool, ['up', '--json'], {}),
    (e: Error) => isAppError(e) && e.code === ErrorCode.CONFIG && /--json is an option of 'status', not of 'up'/.test(e.message),
  );
  assert.throws(() => parseCli(tool, ['sideways'], {}), /unknown command 'sideways' \(one of: up, status, logs\)/);
  assert.throws(
    () => parseCli(tool, [], {}),
    (e: Error) =>
      isAppError(e) &&
      e.code === ErrorCode.CONFIG &&
      /tool needs a command: up \| status \| logs[\s\S]*Usage: tool <command>/.test(e.message),
  );
  assert.throws(
    () => parseCli(tool, ['logs', '--lines', 'x'], {}),
    /Invalid configuration for tool logs:\n {2}- --lines \(env TOOL_LINES\):.*example: 20/,
  );
});

test('help, --help and -h print the commands, their options and the notes', () => {
  for (const argv of [['help'], ['--help'], ['-h'], ['up', '--help']]) {
    const parsed = parseCli(tool, argv, {});
    assert.ok('help' in parsed, argv.join(' '));
    assert.match(parsed.help, /^Usage: tool <command> \[options\]/);
    assert.match(parsed.help, /\n {2}up {29}start everything\n {33}and wait\n/);
    assert.match(parsed.help, /\n {2}logs <service> +print a log\n {6}--lines <value> +last N lines \(env TOOL_LINES\)\n/);
    assert.match(parsed.help, /--brokers <value> +Kafka nodes \(env TOOL_BROKERS\)/);
    assert.match(parsed.help, /--help, -h +Show this help\n\nEnvironment:\n {2}TOOL_HOME/);
  }
});

test('positionals pass through, and after -- even ones that look like flags', () => {
  const filters = {
    command: 'filter',
    summary: 'Filters.',
    options: {},
    schema: z.strictObject({}),
    positionals: '[prefix...]',
  } satisfies CliSpec<z.ZodType>;
  const parsed = parseCli(filters, ['test/sink', 'test/config/cli.test.ts', '--', '--weird', '-x'], {});
  assert.ok(!('help' in parsed));
  assert.deepEqual(parsed.positionals, ['test/sink', 'test/config/cli.test.ts', '--weird', '-x']);
  assert.equal(parsed.command, undefined);
  assert.throws(() => parseCli(filters, ['--weird'], {}), /Unknown option '--weird'/);
});

test('scriptArgs and isEntryPoint read the command line node was started with', () => {
  const argv = ['/usr/bin/node', '/repo/bench/x.ts', '--help'];
  assert.deepEqual(scriptArgs(argv), ['--help']);
  assert.equal(isEntryPoint('file:///repo/bench/x.ts', argv), true);
  assert.equal(isEntryPoint('file:///repo/bench/y.ts', argv), false);
  assert.equal(isEntryPoint('file:///repo/bench/x.ts', ['/usr/bin/node']), false);
});

test('helpRequested finds --help or -h among flags it does not know, and not after --', () => {
  assert.equal(helpRequested(['--count', '5', '--help']), true);
  assert.equal(helpRequested(['-h']), true);
  assert.equal(helpRequested(['--count', '5', 'x']), false);
  assert.equal(helpRequested(['--', '--help']), false);
});
