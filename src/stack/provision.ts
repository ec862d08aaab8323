/**
 * What the project's commands need from the operating system, and the one place that installs
 * what is missing. `npm start`, `npm run stack -- up`, `npm test`, `npm run test:containers` and
 * `.ci/run` all come through here, so CI takes the path a newcomer takes: on Debian/Ubuntu,
 * missing packages are installed with apt-get when running as root (or with passwordless sudo),
 * after one line saying what and why. Where that is not possible, or installing is turned off,
 * the error names the exact command to run.
 */
import { type ExecFileOptions, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { AppError, describeError, ErrorCode, isAppError } from '../errors/app-error.ts';
import { isExecutable, requireJava, which } from './prereq.ts';
import type { Report } from './service.ts';

const exec = promisify(execFile);

/** apt package names; a nested list means "the first of these that apt knows". */
export type PackageChoice = string | readonly string[];

export interface Requirement {
  /** What is needed, e.g. "MariaDB server". */
  readonly what: string;
  /** Why this command needs it, e.g. "the local stack runs its own MariaDB for the sink". */
  readonly why: string;
  readonly packages: readonly PackageChoice[];
  readonly present: () => Promise<boolean>;
  /** Another way to satisfy it, appended to errors, e.g. "or set MYSQL_URL". */
  readonly otherwise?: string;
}

/** What the machine allows; probed once, or given by a test. */
export interface Host {
  readonly isRoot: boolean;
  /** Path of apt-get, or null where there is none (not Debian/Ubuntu). */
  readonly aptGet: string | null;
  /** Non-root with `sudo -n` working. */
  readonly sudo: boolean;
}

export interface ProvisionOptions {
  /** false (STREAMSENSE_NO_INSTALL=1): never install, fail with the command instead. */
  readonly install: boolean;
  readonly report: Report;
  readonly host?: Host;
  /** Runs apt-get / apt-cache; replaced in tests. */
  readonly runner?: CommandRunner;
}

export type CommandRunner = (command: string, args: readonly string[], env?: NodeJS.ProcessEnv) => Promise<{ ok: boolean; output: string }>;

export const NO_INSTALL_ENV = 'STREAMSENSE_NO_INSTALL';

export const InstallAction = { NONE: 'none', INSTALL: 'install', REFUSE: 'refuse' } as const;
export type InstallAction = (typeof InstallAction)[keyof typeof InstallAction];

export interface InstallPlan {
  readonly action: InstallAction;
  /** Command prefix when installing: [] as root, `sudo -n env ...` with passwordless sudo. */
  readonly prefix: readonly string[];
  /** Why nothing is installed, when refused. */
  readonly reason?: string;
}

/** Pure: whether to install, given what is missing, the host and the switch. */
export function planInstall(missing: number, host: Host, install: boolean): InstallPlan {
  if (missing === 0) return { action: InstallAction.NONE, prefix: [] };
  if (!install) return { action: InstallAction.REFUSE, prefix: [], reason: `${NO_INSTALL_ENV}=1 is set, so nothing was installed` };
  if (!host.aptGet) return { action: InstallAction.REFUSE, prefix: [], reason: 'there is no apt-get here to install it with' };
  if (host.isRoot) return { action: InstallAction.INSTALL, prefix: [] };
  // sudo resets the environment; `env` carries DEBIAN_FRONTEND through it.
  if (host.sudo) return { action: InstallAction.INSTALL, prefix: ['sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] };
  return { action: InstallAction.REFUSE, prefix: [], reason: 'not running as root and no passwordless sudo, so nothing was installed' };
}

const aptInstallArgs = ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300'] as const;

/** The command a person would type; `sudo ` unless already root. */
export function installCommand(packages: readonly string[], isRoot: boolean): string {
  return `${isRoot ? '' : 'sudo '}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

export function refusalMessage(missing: readonly Requirement[], packages: readonly string[], host: Host, reason: string): string {
  const lines = missing.map((r) => `  - ${r.what}: ${r.why}${r.otherwise ? ` (${r.otherwise})` : ''}`);
  const how = host.aptGet
    ? `install with: ${installCommand(packages, host.isRoot)}`
    : `install ${missing.map((r) => r.what).join(', ')} with your system's package manager (on Debian/Ubuntu: ${installCommand(packages, host.isRoot)})`;
  return `missing ${missing.map((r) => r.what).join(', ')}:\n${lines.join('\n')}\n${how}\n(${reason})`;
}

/** Checks every requirement; installs the missing ones or throws PREREQUISITE naming the command. */
export async function provision(requirements: readonly Requirement[], options: ProvisionOptions): Promise<void> {
  const missing = await missingOf(requirements);
  if (missing.length === 0) return;
  const host = options.host ?? (await probeHost());
  const runner = options.runner ?? runCommand;
  const plan = planInstall(missing.length, host, options.install);
  if (plan.action === InstallAction.REFUSE) {
    const { packages } = await resolvePackages(missing, host, runner, false);
    throw new AppError(ErrorCode.PREREQUISITE, refusalMessage(missing, packages, host, plan.reason!), {
      context: { missing: missing.map((r) => r.what) },
    });
  }
  await aptGet(host, plan.prefix, runner, ['update', '-q', '-o', 'DPkg::Lock::Timeout=300']);
  // What apt cannot offer here is reported after installing everything else.
  const { packages, unavailable } = await resolvePackages(missing, host, runner, true);
  const installable = missing.filter((r) => !unavailable.includes(r));
  if (packages.length > 0) {
    options.report(
      `installing ${packages.join(' ')} with apt-get, because ${installable.map((r) => `${r.what} is missing (${r.why})`).join('; ')}; ${NO_INSTALL_ENV}=1 turns this off`,
    );
    const started = Date.now();
    await aptGet(host, plan.prefix, runner, [...aptInstallArgs, ...packages]);
    const still = await missingOf(installable);
    if (still.length > 0) {
      throw new AppError(
        ErrorCode.PREREQUISITE,
        `apt-get installed ${packages.join(' ')}, but ${still.map((r) => r.what).join(', ')} is still not found`,
      );
    }
    options.report(`installed ${packages.join(' ')} in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  }
  if (unavailable.length > 0) {
    const lines = unavailable.map(
      (r) =>
        `  - ${r.what}: ${r.why}; apt offers none of ${r.packages
          .filter((c) => typeof c !== 'string')
          .flat()
          .join(', ')} here${r.otherwise ? `; ${r.otherwise}` : ''}`,
    );
    throw new AppError(
      ErrorCode.PREREQUISITE,
      `cannot install ${unavailable.map((r) => r.what).join(', ')} with apt-get:\n${lines.join('\n')}`,
      {
        context: { missing: unavailable.map((r) => r.what) },
      },
    );
  }
}

async function missingOf(requirements: readonly Requirement[]): Promise<Requirement[]> {
  const checks = await Promise.all(requirements.map(async (r) => ((await r.present()) ? null : r)));
  return checks.filter((r): r is Requirement => r !== null);
}

/**
 * Picks, for each choice, the first package apt knows. With `strict` (after apt-get update), a
 * requirement none of whose choices exist is returned as unavailable instead.
 */
async function resolvePackages(
  missing: readonly Requirement[],
  host: Host,
  runner: CommandRunner,
  strict: boolean,
): Promise<{ packages: string[]; unavailable: Requirement[] }> {
  const packages: string[] = [];
  const unavailable: Requirement[] = [];
  for (const requirement of missing) {
    const chosen: string[] = [];
    for (const choice of requirement.packages) {
      const known = typeof choice === 'string' ? choice : host.aptGet ? await firstKnown(choice, runner) : undefined;
      if (known) chosen.push(known);
      else if (!strict) chosen.push(choice[0]!);
      else {
        unavailable.push(requirement);
        break;
      }
    }
    if (!unavailable.includes(requirement)) packages.push(...chosen);
  }
  return { packages: [...new Set(packages)], unavailable };
}

async function firstKnown(choices: readonly string[], runner: CommandRunner): Promise<string | undefined> {
  for (const name of choices) {
    const { ok, output } = await runner('apt-cache', ['show', '--no-all-versions', name]);
    if (ok && /^Package:/m.test(output)) return name;
  }
  return undefined;
}

async function aptGet(host: Host, prefix: readonly string[], runner: CommandRunner, args: readonly string[]): Promise<void> {
  const [command, ...rest] = [...prefix, host.aptGet!, ...args];
  const { ok, output } = await runner(command!, rest, { ...process.env, DEBIAN_FRONTEND: 'noninteractive' });
  if (!ok) {
    throw new AppError(ErrorCode.PREREQUISITE, `apt-get ${args[0]} failed:\n${output.trim().split('\n').slice(-12).join('\n')}`, {
      context: { args },
    });
  }
}

/** For runner scripts: the `error [CODE]: message` form the other scripts print. */
export function describeProvisionError(error: unknown): string {
  return isAppError(error) ? `error [${error.code}]: ${error.message}` : describeError(error);
}

export async function probeHost(): Promise<Host> {
  const isRoot = process.getuid?.() === 0;
  const aptGet = await which(['apt-get']);
  const sudoBin = isRoot ? null : await which(['sudo']);
  const sudo = sudoBin ? (await runCommand(sudoBin, ['-n', 'true'])).ok : false;
  return { isRoot, aptGet, sudo };
}

const runCommand: CommandRunner = async (command, args, env) => {
  const options: ExecFileOptions = { timeout: 30 * 60_000, maxBuffer: 64 << 20, ...(env && { env }) };
  try {
    const { stdout, stderr } = await exec(command, args, options);
    return { ok: true, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || e.message };
  }
};

// ---- what each command needs -----------------------------------------------------------------

export interface StackNeeds {
  readonly mysql: boolean;
  readonly kafka: boolean;
  /** The registry's minimum Java, or null when the registry is not started (or has its own JAVA_HOME). */
  readonly registryJava: number | null;
  readonly registryVersion: string;
}

/** The local stack: MariaDB (unless MYSQL_URL), Java for Kafka and the registry, Maven for fetching. */
export function stackRequirements(needs: StackNeeds): Requirement[] {
  const requirements: Requirement[] = [];
  if (needs.mysql) requirements.push(mariadbRequirement);
  if (needs.kafka || needs.registryJava !== null) requirements.push(mavenRequirement);
  const java17 = needs.kafka || (needs.registryJava !== null && needs.registryJava <= 17);
  if (java17)
    requirements.push(
      javaRequirement(17, needs.kafka ? 'Kafka runs on Java 17+' : 'the registry runs on Java 17+', [
        'openjdk-17-jre-headless',
        'openjdk-21-jre-headless',
        'openjdk-25-jre-headless',
      ]),
    );
  if (needs.registryJava !== null && needs.registryJava > 17) {
    requirements.push(
      javaRequirement(
        needs.registryJava,
        `Apicurio Registry ${needs.registryVersion} runs on Java ${needs.registryJava}+`,
        [`openjdk-${needs.registryJava}-jre-headless`, 'openjdk-25-jre-headless'],
        `or install a JDK ${needs.registryJava}+ (e.g. Temurin) under /usr/lib/jvm, or set STREAMSENSE_REGISTRY_JAVA_HOME`,
      ),
    );
  }
  return requirements;
}

export const mariadbRequirement: Requirement = {
  what: 'MariaDB server',
  why: 'the local stack runs its own MariaDB for the sink',
  packages: ['mariadb-server'],
  otherwise: 'or set MYSQL_URL to an existing MySQL/MariaDB',
  present: async () => (await which(['mariadbd', 'mysqld'])) !== null && (await which(['mariadb-install-db', 'mysql_install_db'])) !== null,
};

export const mavenRequirement: Requirement = {
  what: 'Apache Maven',
  why: 'Kafka, the registry and the models are fetched from Maven Central with it',
  packages: ['maven'],
  present: async () => (await which(['mvn'])) !== null,
};

function javaRequirement(minMajor: number, why: string, choices: readonly string[], otherwise?: string): Requirement {
  return {
    what: `Java ${minMajor}+`,
    why,
    packages: [choices],
    ...(otherwise && { otherwise }),
    present: () =>
      requireJava({ minMajor, purpose: why }).then(
        () => true,
        () => false,
      ),
  };
}

/** The browser tests drive Debian's Chromium through playwright-core (test/dashboard/browser.ts). */
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const chromiumRequirement: Requirement = {
  what: 'Chromium',
  why: 'the dashboard tests drive a real browser',
  packages: ['chromium'],
  present: () => isExecutable(CHROMIUM_PATH),
};

/** `npm run test:containers`: rootful podman with runc, a debootstrap base image, compose file checks. */
export const containerRequirements: readonly Requirement[] = [
  {
    what: 'podman',
    why: 'the container tests build and run the image without a Docker engine',
    packages: ['podman', 'runc', 'uidmap', 'fuse-overlayfs', 'slirp4netns', 'containernetworking-plugins', 'iptables'],
    present: async () => (await which(['podman'])) !== null && (await isExecutable('/usr/sbin/runc')),
  },
  {
    what: 'debootstrap',
    why: 'the container tests make their Debian base image with it',
    packages: ['debootstrap'],
    present: async () => (await which(['debootstrap'])) !== null,
  },
  {
    what: 'docker-compose',
    why: 'the container tests read compose.yaml through it',
    packages: ['docker-compose'],
    present: async () => (await which(['docker-compose'])) !== null,
  },
];
