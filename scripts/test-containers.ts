/**
 * `npm run test:containers` (issue 8): builds the image from the Dockerfile with podman and runs
 * the pipeline from its containers against the local stack (test/containers/*.containers.ts).
 * Needs root, podman, runc, debootstrap, and docker-compose (v1 is enough; it only reads compose.yaml).
 *   STREAMSENSE_CONTAINER_NO_CACHE=1   build without podman's layer cache (cold build time)
 *   STREAMSENSE_CONTAINER_KEEP=1       leave the containers running afterwards
 *   STREAMSENSE_IMAGE=name:tag         image to build and run (default: compose.yaml's streamsense:latest)
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const missing = ['podman', 'debootstrap', '/usr/sbin/runc', 'docker-compose'].filter((cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status !== 0);
if (missing.length > 0 || process.getuid?.() !== 0) {
  process.stderr.write(`test:containers needs root and ${missing.join(', ') || 'nothing else'}; on Debian: apt-get install -y --no-install-recommends podman runc debootstrap docker-compose\n`);
  process.exit(2);
}

const files = readdirSync('test/containers').filter((f) => f.endsWith('.containers.ts')).map((f) => join('test/containers', f));
const status = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', ...files], { stdio: 'inherit' }).status ?? 1;
process.exit(status);
