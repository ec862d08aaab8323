import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { Logger } from '../telemetry/log.ts';
import type { Podman } from './podman.ts';

const exec = promisify(execFile);

/**
 * A stand-in for the official node:<lts>-<suite>-slim image where no image registry can be
 * reached: a Debian minbase root made by debootstrap, with this machine's Node and npm
 * copied to where the official image has them (/usr/local). Built once per suite and Node
 * version, then reused from podman's image store.
 */
export interface BaseImageOptions {
  readonly podman: Podman;
  readonly logger: Logger;
  /** Debian mirror for debootstrap; default: the one apt uses here. */
  readonly mirror?: string;
  readonly workDir: string;
}

export interface BaseImage {
  readonly tag: string;
  readonly built: boolean;
  readonly seconds: number;
}

export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** The Debian release this machine runs, so the copied Node finds the libc it was built for. */
export function hostSuite(osRelease: string): string {
  return /^VERSION_CODENAME=(\w+)/m.exec(osRelease)?.[1] ?? 'bookworm';
}

/** First main-archive URI in apt's sources (deb822 or one-line form), ignoring security/updates mirrors. */
export function aptMirror(sources: readonly string[]): string | undefined {
  for (const text of sources) {
    const uris = [...text.matchAll(/^URIs:\s*(\S+)/gm), ...text.matchAll(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+\S+/gm)].map((m) => m[1]!);
    const main = uris.find((uri) => /\/debian\/?$/.test(uri));
    if (main) return main.replace(/\/$/, '');
  }
  return undefined;
}

export function baseImageTag(suite: string, nodeVersion: string): string {
  return `localhost/streamsense-base:${suite}-node${nodeVersion.replace(/^v/, '')}`;
}

export async function ensureBaseImage(options: BaseImageOptions): Promise<BaseImage> {
  const started = Date.now();
  const suite = hostSuite(readIfExists('/etc/os-release'));
  const tag = baseImageTag(suite, process.version);
  const exists = await options.podman.run(['image', 'exists', tag]).then(
    () => true,
    () => false,
  );
  if (exists) return { tag, built: false, seconds: 0 };
  const mirror = options.mirror ?? aptMirror(aptSources()) ?? DEFAULT_MIRROR;
  await mkdir(options.workDir, { recursive: true });
  const dir = await mkdtemp(join(options.workDir, 'base-'));
  try {
    options.logger.info('debootstrap', { suite, mirror });
    await run('debootstrap', ['--variant=minbase', suite, join(dir, 'root'), mirror], 15 * 60_000);
    await trim(join(dir, 'root'));
    await addNode(join(dir, 'root'));
    await run('tar', ['-C', join(dir, 'root'), '-cf', join(dir, 'root.tar'), '.'], 5 * 60_000);
    await options.podman.run(['import', '--change', 'CMD ["node"]', join(dir, 'root.tar'), tag], { timeoutMs: 10 * 60_000 });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { tag, built: true, seconds: (Date.now() - started) / 1000 };
}

/** Package lists and downloaded .debs are not part of a slim image. */
async function trim(root: string): Promise<void> {
  await rm(join(root, 'var/lib/apt/lists'), { recursive: true, force: true });
  await mkdir(join(root, 'var/lib/apt/lists/partial'), { recursive: true });
  await rm(join(root, 'var/cache/apt'), { recursive: true, force: true });
  await mkdir(join(root, 'var/cache/apt/archives/partial'), { recursive: true });
}

async function addNode(root: string): Promise<void> {
  const npm = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm');
  if (!existsSync(npm))
    throw new AppError(ErrorCode.PREREQUISITE, `npm not found at ${npm}; the base image copies this machine's node and npm`);
  await mkdir(join(root, 'usr/local/bin'), { recursive: true });
  await cp(process.execPath, join(root, 'usr/local/bin/node'));
  await cp(npm, join(root, 'usr/local/lib/node_modules/npm'), { recursive: true, verbatimSymlinks: true });
  await symlink('../lib/node_modules/npm/bin/npm-cli.js', join(root, 'usr/local/bin/npm'));
  await symlink('../lib/node_modules/npm/bin/npx-cli.js', join(root, 'usr/local/bin/npx'));
}

function aptSources(): string[] {
  const files = ['/etc/apt/sources.list', '/etc/apt/sources.list.d/debian.sources'];
  return files.map(readIfExists).filter(Boolean);
}

function readIfExists(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

async function run(command: string, args: readonly string[], timeout: number): Promise<void> {
  try {
    await exec(command, args, { timeout, maxBuffer: 64 << 20 });
  } catch (cause) {
    const stderr = String((cause as { stderr?: string }).stderr ?? '')
      .trim()
      .slice(-1500);
    throw new AppError(ErrorCode.SERVICE_START, `${command} failed: ${stderr || (cause as Error).message}`, { cause });
  }
}
