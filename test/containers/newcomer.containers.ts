import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { hostTrustArgs } from '../../src/containers/app-image.ts';
import { ensureBaseImage } from '../../src/containers/base-image.ts';
import { bundleHead, ensureNewcomerImage, type NewcomerImage } from '../../src/containers/newcomer-image.ts';
import { createPodman, type Podman } from '../../src/containers/podman.ts';
import { defaultPaths } from '../../src/nlp/common/paths.ts';
import { createLogger } from '../../src/telemetry/log.ts';

/**
 * The README's promise, checked on a clean system: a container with only what the machine kind
 * guarantees (Node, Java 17 + a newer JDK, Maven; and git to clone with), a fresh clone of this
 * repository's HEAD, then exactly `npm ci && npm start`. Nothing else is installed beforehand:
 * MariaDB must come from the project's own provisioning, Kafka, the registry and the models from
 * their registries. The container has its own network namespace (podman's default network),
 * so the stack inside it uses its usual ports without touching the host's.
 */
const SAMPLE = { valid: 1_140, invalid: 5 } as const;
const RUN_TIMEOUT_MS = 40 * 60_000;
const MOUNTED_CA_DIR = '/run/host-ca';

const logger = createLogger('test:newcomer');
let podman: Podman;
let image: NewcomerImage;
let workDir: string;
let bundle: string;
let commit: string;
let output = '';
let exitCode: number | null = null;

/** What a newcomer types, verbatim, after cloning; the rest only measures and counts. */
const README_COMMANDS = 'npm ci && npm start';
const script = `
set -u
t0=$(date +%s.%N)
git -c advice.detachedHead=false clone -q /src/streamsense.bundle streamsense || exit 90
cd streamsense
echo "[newcomer] cloned $(git rev-parse HEAD)"
${README_COMMANDS}
code=$?
t1=$(date +%s.%N)
echo "[newcomer] exit $code after $(echo "$t1 - $t0" | awk '{print $1 - $3}') s from clone to the end of npm start"
node --input-type=module -e "
  import mysql from 'mysql2/promise';
  const c = await mysql.createConnection('mysql://streamsense:streamsense@127.0.0.1:13306/streamsense');
  const [rows] = await c.query('SELECT COUNT(*) AS n, COUNT(DISTINCT tweet_id) AS ids FROM classifications');
  console.log('[newcomer] mysql ' + JSON.stringify({ rows: Number(rows[0].n), ids: Number(rows[0].ids) }));
  await c.end();
" || echo "[newcomer] mysql query failed"
echo "[newcomer] sizes $(du -sh node_modules .stack/kafka .stack/registry models /root/.m2 /root/.npm 2>/dev/null | awk '{printf "%s=%s ", $2, $1}')"
exit $code
`;

before(async () => {
  workDir = join(tmpdir(), 'streamsense-containers');
  podman = await createPodman(workDir);
  const base = await ensureBaseImage({ podman, logger, workDir });
  report(`base image ${base.tag} (${base.built ? `built in ${base.seconds.toFixed(0)} s` : 'cached'})`);
  image = await ensureNewcomerImage({
    podman,
    baseImage: base.tag,
    workDir,
    onLine: (line) => /^STEP|^COMMIT/.test(line) && report(line.slice(0, 160)),
  });
  report(
    `newcomer image ${image.tag} (${image.built ? `built in ${image.seconds.toFixed(0)} s` : 'cached'}), newer JDK /usr/lib/jvm/${image.jdk}`,
  );
  const dir = await mkdtemp(join(workDir, 'clone-'));
  bundle = join(dir, 'streamsense.bundle');
  commit = await bundleHead(defaultPaths.repoRoot, bundle);
});

after(async () => {
  if (bundle) await rm(join(bundle, '..'), { recursive: true, force: true });
});

test("the commands run here are the README's", async () => {
  const readme = await readFile(join(defaultPaths.repoRoot, 'README.md'), 'utf8');
  assert.match(readme, /^npm ci && npm start\s/m);
  assert.ok(readme.includes(README_COMMANDS));
});

test('the image has Node, Java 17, a newer JDK and Maven, and no MariaDB, Chromium or project files', async () => {
  const probe = await podman.run([
    'run',
    '--rm',
    '--entrypoint',
    'bash',
    image.tag,
    '-c',
    [
      'node --version',
      'java -version 2>&1 | head -1',
      `/usr/lib/jvm/${image.jdk}/bin/java -version 2>&1 | head -1`,
      'mvn -v | head -1',
      'command -v mariadbd mysqld /usr/sbin/mariadbd chromium || echo none',
      'ls /root | wc -l',
    ].join('; '),
  ]);
  const [node, java17, newer, maven, servers, files] = probe.trim().split('\n');
  assert.match(node!, /^v2\d\./);
  assert.match(java17!, /version "17\./);
  assert.match(newer!, /version "(2[1-9]|[3-9]\d)/);
  assert.match(maven!, /Apache Maven 3\./);
  assert.equal(servers, 'none');
  assert.equal(files, '0');
});

test(`a fresh clone runs \`${README_COMMANDS}\` to the summary, exit 0`, { timeout: RUN_TIMEOUT_MS }, async () => {
  const name = `streamsense-newcomer-${process.pid}`;
  // Only where this network re-signs TLS: the host's CA bundle for npm and Maven (see app-image.ts).
  const trust =
    hostTrustArgs().length > 0
      ? [
          '--volume',
          `/etc/ssl/certs:${MOUNTED_CA_DIR}:ro`,
          '--env',
          `NODE_EXTRA_CA_CERTS=${MOUNTED_CA_DIR}/ca-certificates.crt`,
          '--env',
          `MAVEN_OPTS=-Djavax.net.ssl.trustStore=${MOUNTED_CA_DIR}/java/cacerts`,
        ]
      : [];
  const args = [
    'run',
    '--rm',
    '--name',
    name,
    '--volume',
    `${bundle}:/src/streamsense.bundle:ro`,
    ...trust,
    '--entrypoint',
    'bash',
    image.tag,
    '-c',
    script,
  ];
  const lines: string[] = [];
  try {
    await podman.stream(args, (line) => {
      lines.push(line);
      if (/^\[newcomer\]|installing |installed |fetched in|ready |Sample done|error|ERR!|npm warn|^added /i.test(line))
        report(line.slice(0, 200));
    });
    exitCode = 0;
  } catch (error) {
    exitCode = Number(/exited with (\d+)/.exec((error as Error).message)?.[1] ?? -1);
  } finally {
    output = lines.join('\n');
    await podman.run(['rm', '--force', '--ignore', name]).catch(() => undefined);
  }
  assert.equal(exitCode, 0, `exit ${exitCode}; last lines:\n${lines.slice(-40).join('\n')}`);
  assert.match(output, new RegExp(`\\[newcomer\\] cloned ${commit}`));
  assert.match(
    output,
    new RegExp(
      `Sample done: ${SAMPLE.valid} posts produced, ${SAMPLE.invalid} invalid lines dead-lettered, ${SAMPLE.valid} rows in MySQL\\.`,
    ),
  );
  const seconds = /\[newcomer\] exit 0 after ([\d.]+) s/.exec(output)?.[1];
  report(`clone to summary: ${Number(seconds).toFixed(0)} s; ${/\[newcomer\] sizes (.*)/.exec(output)?.[1] ?? ''}`);
});

test('one MySQL row per valid sample post, each post once', () => {
  assert.equal(exitCode, 0, 'the run above failed');
  const counts = /\[newcomer\] mysql (\{.*\})/.exec(output)?.[1];
  assert.ok(counts, `no row count in the output:\n${output.split('\n').slice(-20).join('\n')}`);
  assert.deepEqual(JSON.parse(counts), { rows: SAMPLE.valid, ids: SAMPLE.valid });
});

test("MariaDB came from the project's own provisioning, and npm printed no warning", () => {
  assert.equal(exitCode, 0, 'the run above failed');
  assert.match(output, /installing mariadb-server with apt-get, because MariaDB server is missing/);
  assert.doesNotMatch(output, /npm warn/i);
});

function report(line: string): void {
  process.stderr.write(`[newcomer] ${line}\n`);
}
