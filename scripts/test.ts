/**
 * `npm test`: brings the private stack up if it is not already running (and takes it down
 * again afterwards, leaving a stack you started yourself alone), makes sure the models are
 * fetched, then runs every test file under test/ with node:test, one file at a time.
 *   npm test                      all tests
 *   npm test -- test/sink         only files under a path (prefix match)
 *   STREAMSENSE_TEST_NO_STACK=1   unit tests only; never touches services
 * What the tests need from the system (MariaDB, Java, Maven through `stack up`; Chromium for the
 * browser tests) is installed with apt-get when missing, unless STREAMSENSE_NO_INSTALL=1.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CliSpec } from '../src/config/cli.ts';
import { parseOrExit } from '../src/config/script.ts';
import { loadStackConfig } from '../src/stack/index.ts';
import { chromiumRequirement, describeProvisionError, provision } from '../src/stack/provision.ts';

const testSpec = {
  command: 'npm test --',
  summary: `Brings the private stack up if it is not already running (and down again afterwards, leaving a
stack you started yourself alone), makes sure the models are fetched, then runs every test file under
test/ with node:test, one file at a time. Each positional is a path prefix: only the files under it run.
  npm test                      all tests
  npm test -- test/sink         only files under a path (prefix match)
  npm run test:unit             unit tests only; never touches services`,
  positionals: '[path prefix...]',
  options: {
    unit: {
      flag: 'unit',
      type: 'boolean',
      env: 'STREAMSENSE_TEST_NO_STACK',
      description: 'unit tests only: skip test/integration/ and never touch services',
      example: '1',
    },
  },
  schema: z.strictObject({ unit: z.boolean().default(false) }),
  notes: `What the tests need from the system (MariaDB, Java, Maven through \`stack up\`; Chromium for the
browser tests) is installed with apt-get when missing, unless STREAMSENSE_NO_INSTALL=1.`,
} satisfies CliSpec<z.ZodType>;

const { config, positionals: filters } = parseOrExit(testSpec);
const unitOnly = config.unit;
const needsServices = (file: string) => file.startsWith('test/integration/');

const files = readdirSync('test', { recursive: true, encoding: 'utf8' })
  .map((f) => join('test', f))
  .filter((f) => f.endsWith('.test.ts'))
  .filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p.replace(/^\.\//, ''))))
  .filter((f) => !(unitOnly && needsServices(f)))
  .sort();

const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'inherit' }).status ?? 1;
const tsx = (script: string, ...args: string[]) => run(process.execPath, ['--import', 'tsx', script, ...args]);

// The browser tests drive Chromium; like the stack's MariaDB, it is installed here when missing.
if (files.some((f) => readFileSync(f, 'utf8').includes('dashboard/browser.ts'))) {
  const report = (line: string) => process.stderr.write(`[test] ${line}\n`);
  await provision([chromiumRequirement], { install: loadStackConfig().install, report }).catch((error: unknown) => {
    report(describeProvisionError(error));
    process.exit(1);
  });
}

let startedStack = false;
if (files.some(needsServices)) {
  const healthy = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/stack.ts', 'status'], { stdio: 'ignore' }).status === 0;
  if (!healthy) {
    process.stderr.write('[test] starting the local stack for integration tests\n');
    if (tsx('scripts/stack.ts', 'up') !== 0) process.exit(1);
    startedStack = true;
  }
}
if (tsx('scripts/fetch-models.ts') !== 0) process.exit(1);

process.stderr.write(`[test] ${files.length} test files\n`);
const status = run(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files]);
if (startedStack) tsx('scripts/stack.ts', 'down');
process.exit(status);
