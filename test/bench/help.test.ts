import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { usageOf } from '../../bench/help.ts';

/** Every bench script answers --help with its usage and exits 0, starting nothing. */
const scripts = readdirSync('bench').filter((f) => f.endsWith('.ts')).sort();

for (const script of scripts) {
  test(`bench/${script} --help prints its usage and exits 0`, () => {
    // An unreachable stack: a script that ignored --help and tried to run would fail, not pass.
    const env = { ...process.env, KAFKA_BROKERS: '127.0.0.1:1', MYSQL_URL: 'mysql://x:y@127.0.0.1:1/z', STREAMSENSE_NO_INSTALL: '1', STREAMSENSE_STACK_DIR: '/nonexistent/ss' };
    const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}`, '--help'], { encoding: 'utf8', env, timeout: 120_000 });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.ok(result.stdout.trim().split('\n').length >= 2, result.stdout);
    assert.doesNotMatch(result.stdout, /^\s*\/?\*/m, 'comment markers are stripped');
  });
}

test('usageOf takes the first doc comment without its markers', () => {
  assert.equal(usageOf("import x from 'y';\n/**\n * Line one.\n *   indented\n */\nconst a = 1;\n/** later */"), 'Line one.\n  indented');
});
