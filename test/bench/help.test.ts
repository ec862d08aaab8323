import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { z } from 'zod';
import { benchSpec, usageOf } from '../../bench/help.ts';
import { helpText } from '../../src/config/cli.ts';

/** Every bench script answers --help with its usage and exits 0, starting nothing. */
const scripts = readdirSync('bench')
  .filter((f) => f.endsWith('.ts'))
  .sort();

for (const script of scripts) {
  test(`bench/${script} --help prints its usage and exits 0`, () => {
    // An unreachable stack: a script that ignored --help and tried to run would fail, not pass.
    const env = {
      ...process.env,
      KAFKA_BROKERS: '127.0.0.1:1',
      MYSQL_URL: 'mysql://x:y@127.0.0.1:1/z',
      STREAMSENSE_NO_INSTALL: '1',
      STREAMSENSE_STACK_DIR: '/nonexistent/ss',
    };
    const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}`, '--help'], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    assert.equal(result.status, 0, `${result.stdout}${result.stderr}`);
    assert.ok(result.stdout.trim().split('\n').length >= 2, result.stdout);
    assert.doesNotMatch(result.stdout, /^\s*\/?\*/m, 'comment markers are stripped');
  });
}

test('usageOf takes the first doc comment without its markers', () => {
  assert.equal(usageOf("import x from 'y';\n/**\n * Line one.\n *   indented\n */\nconst a = 1;\n/** later */"), 'Line one.\n  indented');
});

test('a bench script with flags lists them, their defaults and variables after its usage', () => {
  const flags: Record<string, RegExp[]> = {
    'e2e.ts': [/--count <value> +posts in each end-to-end pass \(default 20520\)/, /--no-write /],
    'recovery.ts': [/--classifiers <value>.*\(default 1\)/, /--stage-log-level <value>.*env BENCH_STAGE_LOG_LEVEL/],
    'dashboard-api.ts': [/--rows <value>.*\(default 1000000\)/, /--mysql-url <value>.*env MYSQL_URL/],
  };
  for (const [script, expected] of Object.entries(flags)) {
    const result = spawnSync(process.execPath, ['--import', 'tsx', `bench/${script}`, '--help'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^Usage: npx tsx bench\//);
    for (const pattern of expected) assert.match(result.stdout, pattern, script);
  }
});

test('benchSpec names the script and takes its doc comment as the summary', () => {
  const spec = benchSpec(new URL('../../bench/proc-stats.ts', import.meta.url).href, { options: {}, schema: z.strictObject({}) });
  assert.equal(spec.command, 'npx tsx bench/proc-stats.ts');
  assert.match(helpText(spec), /^Usage: npx tsx bench\/proc-stats\.ts \[options\]\n\nCPU time and peak memory/);
});
