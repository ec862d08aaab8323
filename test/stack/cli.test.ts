import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { test } from 'node:test';

/** scripts/stack.ts as a user runs it; a stack dir that does not exist, so nothing could start. */
const stack = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'scripts/stack.ts', ...args], {
    encoding: 'utf8',
    env: { ...process.env, STREAMSENSE_STACK_DIR: '/nonexistent/ss', STREAMSENSE_NO_INSTALL: '1' },
    timeout: 120_000,
  });

test('--help, -h and help print the commands and the environment and exit 0, also after a command', () => {
  for (const args of [['--help'], ['-h'], ['help'], ['up', '--help']]) {
    const result = stack(...args);
    assert.equal(result.status, 0, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stdout, /Commands:\n {2}fetch [\s\S]*\n {2}logs <service> [\s\S]*--lines <value>/);
    assert.match(result.stdout, /STREAMSENSE_STACK_DIR \[\.stack\][\s\S]*See docs\/stack\.md\./);
  }
});

test('no command, an unknown one, or a flag of another command exit 2 before anything runs', () => {
  const none = stack();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /needs a command: fetch \| up \| down \| status \| logs \| reset/);
  const unknown = stack('sideways');
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown command 'sideways'/);
  const wrong = stack('up', '--json');
  assert.equal(wrong.status, 2);
  assert.match(wrong.stderr, /--json is an option of 'status', not of 'up'/);
  const noService = stack('logs', '--lines', '5');
  assert.equal(noService.status, 2);
  assert.match(noService.stderr, /logs needs a service name/);
});

test('--brokers is validated as STREAMSENSE_BROKERS is', () => {
  const result = stack('status', '--brokers', 'many');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /STREAMSENSE_BROKERS/);
});
