/**
 * `npm run test:containers`: the container tests (test/containers/*.containers.ts), with podman:
 *   pipeline.containers.ts   builds the image from the Dockerfile and runs the pipeline from its
 *                            containers against the local stack
 *   newcomer.containers.ts   a clean Debian with only Node, Java and Maven, a fresh clone of this
 *                            repository's HEAD, then exactly the README's `npm ci && npm start`
 * Needs root; podman, runc, debootstrap and docker-compose (it only reads compose.yaml) are
 * installed with apt-get when missing, unless STREAMSENSE_NO_INSTALL=1.
 *   npm run test:containers -- newcomer   only the files whose name contains a word
 *   STREAMSENSE_CONTAINER_NO_CACHE=1      build without podman's layer cache (cold build time)
 *   STREAMSENSE_CONTAINER_KEEP=1          leave the containers running afterwards
 *   STREAMSENSE_IMAGE=name:tag            image to build and run (default: compose.yaml's streamsense:latest)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CliSpec } from '../src/config/cli.ts';
import { parseOrExit } from '../src/config/script.ts';
import { loadStackConfig } from '../src/stack/index.ts';
import { containerRequirements, describeProvisionError, provision } from '../src/stack/provision.ts';

// The container files read STREAMSENSE_CONTAINER_* and STREAMSENSE_IMAGE themselves: listed here for --help.
const containersSpec = {
  command: 'npm run test:containers --',
  summary: `The container tests (test/containers/*.containers.ts), with podman:
  pipeline.containers.ts   builds the image from the Dockerfile and runs the pipeline from its
                           containers against the local stack
  newcomer.containers.ts   a clean Debian with only Node, Java and Maven, a fresh clone of this
                           repository's HEAD, then exactly the README's \`npm ci && npm start\`
Needs root; podman, runc, debootstrap and docker-compose (it only reads compose.yaml) are
installed with apt-get when missing, unless STREAMSENSE_NO_INSTALL=1.
Each positional is a word: only the files whose name contains one run.
  npm run test:containers -- newcomer`,
  positionals: '[word...]',
  options: {},
  schema: z.strictObject({}),
  notes: `Environment:
  STREAMSENSE_CONTAINER_NO_CACHE=1      build without podman's layer cache (cold build time)
  STREAMSENSE_CONTAINER_KEEP=1          leave the containers running afterwards
  STREAMSENSE_IMAGE=name:tag            image to build and run (default: compose.yaml's streamsense:latest)`,
} satisfies CliSpec<z.ZodType>;

const { positionals: words } = parseOrExit(containersSpec);
const report = (line: string) => process.stderr.write(`[test:containers] ${line}\n`);
if (process.getuid?.() !== 0) {
  report('error [PREREQUISITE]: the container tests run rootful podman; run them as root (e.g. sudo npm run test:containers)');
  process.exit(2);
}
await provision(containerRequirements, { install: loadStackConfig().install, report }).catch((error: unknown) => {
  report(describeProvisionError(error));
  process.exit(1);
});

const files = readdirSync('test/containers')
  .filter((f) => f.endsWith('.containers.ts'))
  .filter((f) => words.length === 0 || words.some((w) => f.includes(w)))
  .map((f) => join('test/containers', f));
if (files.length === 0) {
  report(`no test/containers/*.containers.ts file matches ${words.join(', ')}`);
  process.exit(2);
}
const status =
  spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' }).status ?? 1;
process.exit(status);
