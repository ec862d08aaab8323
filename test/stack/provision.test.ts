import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { ErrorCode, isAppError } from '../../src/errors/app-error.ts';
import { which } from '../../src/stack/prereq.ts';
import {
  type CommandRunner,
  type Host,
  InstallAction,
  installCommand,
  planInstall,
  provision,
  type Requirement,
  stackRequirements,
} from '../../src/stack/provision.ts';

const root: Host = { isRoot: true, aptGet: '/usr/bin/apt-get', sudo: false };
const sudoer: Host = { isRoot: false, aptGet: '/usr/bin/apt-get', sudo: true };
const user: Host = { isRoot: false, aptGet: '/usr/bin/apt-get', sudo: false };
const noApt: Host = { isRoot: true, aptGet: null, sudo: false };

/** A requirement that is met once `installed` holds its package. */
function fakeRequirement(installed: Set<string>, pkg: string, what = pkg): Requirement {
  return { what, why: `${what} is used by a test`, packages: [pkg], present: async () => installed.has(pkg) };
}

/** Records commands; apt-get install "installs" its packages; apt-cache knows `known`. */
function fakeApt(installed: Set<string>, known: readonly string[] = []) {
  const calls: string[] = [];
  const runner: CommandRunner = async (command, args) => {
    calls.push([command, ...args].join(' '));
    if (command === 'apt-cache') {
      const name = args.at(-1)!;
      return known.includes(name) ? { ok: true, output: `Package: ${name}\n` } : { ok: false, output: 'E: No packages found' };
    }
    const at = args.indexOf('install');
    if (at >= 0) for (const arg of args.slice(at + 1).filter((a) => !a.startsWith('-') && !a.includes('='))) installed.add(arg);
    return { ok: true, output: '' };
  };
  return { calls, runner };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isAppError(error), String(error));
    assert.equal(error.code, ErrorCode.PREREQUISITE);
    return error.message;
  }
  assert.fail('expected a PREREQUISITE error');
}

test('planInstall: nothing missing, root, passwordless sudo, no-install switch, no apt, plain user', () => {
  assert.equal(planInstall(0, user, true).action, InstallAction.NONE);
  assert.deepEqual(planInstall(1, root, true), { action: InstallAction.INSTALL, prefix: [] });
  assert.deepEqual(planInstall(1, sudoer, true), {
    action: InstallAction.INSTALL,
    prefix: ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'],
  });
  assert.match(planInstall(1, root, false).reason ?? '', /STREAMSENSE_NO_INSTALL=1/);
  assert.equal(planInstall(1, root, false).action, InstallAction.REFUSE);
  assert.match(planInstall(1, noApt, true).reason ?? '', /no apt-get/);
  assert.match(planInstall(1, user, true).reason ?? '', /not running as root/);
});

test('installCommand: sudo unless root', () => {
  assert.equal(installCommand(['mariadb-server'], true), 'apt-get install -y --no-install-recommends mariadb-server');
  assert.equal(installCommand(['a', 'b'], false), 'sudo apt-get install -y --no-install-recommends a b');
});

test('provision as root installs only what is missing, after one line saying what and why', async () => {
  const installed = new Set(['maven']);
  const { calls, runner } = fakeApt(installed);
  const lines: string[] = [];
  await provision([fakeRequirement(installed, 'maven'), fakeRequirement(installed, 'mariadb-server', 'MariaDB server')], {
    install: true,
    host: root,
    runner,
    report: (l) => lines.push(l),
  });
  assert.ok(installed.has('mariadb-server'));
  assert.equal(calls.length, 2);
  assert.match(calls[0]!, /^\/usr\/bin\/apt-get update/);
  assert.match(calls[1]!, /^\/usr\/bin\/apt-get install -y -q --no-install-recommends .* mariadb-server$/);
  assert.match(
    lines[0]!,
    /^installing mariadb-server with apt-get, because MariaDB server is missing \(MariaDB server is used by a test\); STREAMSENSE_NO_INSTALL=1 turns this off$/,
  );
  assert.match(lines[1]!, /^installed mariadb-server in \d+s$/);
});

test('provision with passwordless sudo runs apt-get through sudo -n', async () => {
  const installed = new Set<string>();
  const { calls, runner } = fakeApt(installed);
  await provision([fakeRequirement(installed, 'chromium')], { install: true, host: sudoer, runner, report: () => undefined });
  assert.equal(calls.filter((c) => c.includes('apt-get')).length, 2, calls.join('\n'));
  assert.ok(
    calls.filter((c) => c.includes('apt-get')).every((c) => c.startsWith('sudo -n env DEBIAN_FRONTEND=noninteractive /usr/bin/apt-get ')),
    calls.join('\n'),
  );
});

test('provision does nothing when everything is present', async () => {
  const installed = new Set(['maven']);
  const { calls, runner } = fakeApt(installed);
  await provision([fakeRequirement(installed, 'maven')], {
    install: false,
    host: user,
    runner,
    report: () => assert.fail('no output expected'),
  });
  assert.deepEqual(calls, []);
});

test('STREAMSENSE_NO_INSTALL: nothing installed, the error names the exact command', async () => {
  const installed = new Set<string>();
  const { calls, runner } = fakeApt(installed);
  const message = await refusal(
    provision([fakeRequirement(installed, 'mariadb-server', 'MariaDB server')], {
      install: false,
      host: root,
      runner,
      report: () => undefined,
    }),
  );
  assert.match(message, /install with: apt-get install -y --no-install-recommends mariadb-server\n/);
  assert.match(message, /STREAMSENSE_NO_INSTALL=1 is set/);
  assert.ok(!calls.some((c) => c.includes('apt-get')));
});

test('not root without passwordless sudo: the error names the sudo command', async () => {
  const installed = new Set<string>();
  const { runner } = fakeApt(installed);
  const message = await refusal(
    provision([fakeRequirement(installed, 'chromium')], { install: true, host: user, runner, report: () => undefined }),
  );
  assert.match(message, /install with: sudo apt-get install -y --no-install-recommends chromium/);
  assert.match(message, /not running as root/);
  assert.equal(installed.size, 0);
});

test('no apt-get: the error says to use the system package manager and still gives the Debian command', async () => {
  const message = await refusal(
    provision([fakeRequirement(new Set(), 'mariadb-server', 'MariaDB server')], { install: true, host: noApt, report: () => undefined }),
  );
  assert.match(
    message,
    /with your system's package manager \(on Debian\/Ubuntu: apt-get install -y --no-install-recommends mariadb-server\)/,
  );
});

test('a choice of packages installs the first one apt knows, and none known is a clear error', async () => {
  const installed = new Set<string>();
  const { calls, runner } = fakeApt(installed, ['openjdk-25-jre-headless']);
  const java: Requirement = {
    what: 'Java 21+',
    why: 'the registry',
    packages: [['openjdk-21-jre-headless', 'openjdk-25-jre-headless']],
    present: async () => installed.has('openjdk-25-jre-headless'),
    otherwise: 'or set STREAMSENSE_REGISTRY_JAVA_HOME',
  };
  await provision([java], { install: true, host: root, runner, report: () => undefined });
  assert.match(calls.at(-1)!, / openjdk-25-jre-headless$/);
});

test('what apt cannot offer is reported after the rest is installed', async () => {
  const installed = new Set<string>();
  const { calls, runner } = fakeApt(installed, []);
  const java: Requirement = {
    what: 'Java 21+',
    why: 'the registry',
    packages: [['openjdk-21-jre-headless', 'openjdk-25-jre-headless']],
    present: async () => false,
    otherwise: 'or set STREAMSENSE_REGISTRY_JAVA_HOME',
  };
  const message = await refusal(
    provision([java, fakeRequirement(installed, 'mariadb-server')], { install: true, host: root, runner, report: () => undefined }),
  );
  assert.ok(installed.has('mariadb-server'), calls.join('\n'));
  assert.match(
    message,
    /^cannot install Java 21\+ with apt-get:\n {2}- Java 21\+: the registry; apt offers none of openjdk-21-jre-headless, openjdk-25-jre-headless here; or set STREAMSENSE_REGISTRY_JAVA_HOME$/,
  );
});

test('a package that installs but does not provide the tool is reported', async () => {
  const runner: CommandRunner = async () => ({ ok: true, output: '' });
  const message = await refusal(
    provision([fakeRequirement(new Set(), 'chromium')], { install: true, host: root, runner, report: () => undefined }),
  );
  assert.match(message, /installed chromium, but chromium is still not found/);
});

test('apt-get failing surfaces its output', async () => {
  const runner: CommandRunner = async (_command, args) =>
    args[0] === 'update' ? { ok: false, output: 'E: Could not resolve deb.debian.org' } : { ok: true, output: '' };
  const message = await refusal(
    provision([fakeRequirement(new Set(), 'chromium')], { install: true, host: root, runner, report: () => undefined }),
  );
  assert.match(message, /apt-get update failed:\nE: Could not resolve deb.debian.org/);
});

test('stack requirements: MariaDB only without MYSQL_URL, Java 21+ only for the registry', () => {
  const whats = (needs: Parameters<typeof stackRequirements>[0]) => stackRequirements(needs).map((r) => r.what);
  assert.deepEqual(whats({ mysql: true, kafka: true, registryJava: 21, registryVersion: '3.3.3' }), [
    'MariaDB server',
    'Apache Maven',
    'Java 17+',
    'Java 21+',
  ]);
  assert.deepEqual(whats({ mysql: false, kafka: true, registryJava: null, registryVersion: '3.3.3' }), ['Apache Maven', 'Java 17+']);
  assert.deepEqual(whats({ mysql: true, kafka: false, registryJava: null, registryVersion: '3.3.3' }), ['MariaDB server']);
});

test('STREAMSENSE_NO_INSTALL=1 npm start without MariaDB exits non-zero and names the install command', async (t) => {
  // Only node, npm, java and mvn are findable: no mariadbd, wherever the system keeps it.
  const bin = mkdtempSync(path.join(tmpdir(), 'ss-no-mariadb-'));
  const stackDir = mkdtempSync(path.join(tmpdir(), 'ss-no-mariadb-stack-'));
  t.after(() => {
    rmSync(bin, { recursive: true, force: true });
    rmSync(stackDir, { recursive: true, force: true });
  });
  for (const tool of ['java', 'mvn', 'apt-get']) {
    const found = await which([tool]);
    if (found) symlinkSync(found, path.join(bin, tool));
  }
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STREAMSENSE_NO_INSTALL: '1',
    STREAMSENSE_TOOL_PATH: bin,
    STREAMSENSE_STACK_DIR: stackDir,
  };
  delete env.MYSQL_URL;
  const result = spawnSync('npm', ['start', '--', '--no-dashboard'], { env, encoding: 'utf8', timeout: 120_000 });
  const output = `${result.stdout}${result.stderr}`;
  assert.notEqual(result.status, 0, output);
  assert.match(output, /error \[PREREQUISITE\]: missing MariaDB server/);
  assert.match(output, /apt-get install -y --no-install-recommends mariadb-server/);
  assert.match(output, /or set MYSQL_URL/);
  assert.doesNotMatch(output, /npm warn/i);
});
