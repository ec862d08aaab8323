/**
 * A clean machine of the kind this project targets, as an image: the Debian minbase + Node base
 * image, plus only what that machine kind guarantees: Java 17 and Maven from apt, and a newer JDK
 * under /usr/lib/jvm (this machine's own, copied in), and git to clone with. No MariaDB, no
 * Chromium, nothing from this repository: the newcomer test clones the repository inside it and
 * runs the README's commands. Built once per base image and JDK, then reused.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { requireJava } from '../stack/prereq.ts';
import type { Podman } from './podman.ts';

const exec = promisify(execFile);

export interface NewcomerImageOptions {
  readonly podman: Podman;
  readonly baseImage: string;
  readonly workDir: string;
  readonly onLine?: (line: string) => void;
}

export interface NewcomerImage {
  readonly tag: string;
  readonly built: boolean;
  readonly seconds: number;
  /** The newer JDK's directory under /usr/lib/jvm in the image. */
  readonly jdk: string;
}

/** The newest-JDK requirement of the stack (Apicurio Registry 3.2+ runs on Java 21+). */
const NEWER_JDK_MAJOR = 21;

export function newcomerContainerfile(baseImage: string, jdkDir: string): string {
  return [
    `FROM ${baseImage}`,
    'RUN apt-get update \\',
    ' && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven git \\',
    ' && rm -rf /var/lib/apt/lists/* /var/cache/apt/archives/*.deb',
    `COPY ${jdkDir} /usr/lib/jvm/${jdkDir}`,
    'WORKDIR /root',
    '',
  ].join('\n');
}

export async function ensureNewcomerImage(options: NewcomerImageOptions): Promise<NewcomerImage> {
  const started = Date.now();
  const java = await requireJava({
    minMajor: NEWER_JDK_MAJOR,
    purpose: 'the newcomer image (a newer JDK under /usr/lib/jvm, like the machine kind)',
  });
  const home = dirname(dirname(await realpath(java.bin)));
  const jdk = basename(home);
  const tag = `localhost/streamsense-newcomer:${options.baseImage.split(':').at(-1)}-${jdk}`;
  const exists = await options.podman.run(['image', 'exists', tag]).then(
    () => true,
    () => false,
  );
  if (exists) return { tag, built: false, seconds: 0, jdk };
  const dir = await mkdtemp(join(options.workDir, 'newcomer-'));
  try {
    // cp -a keeps the JDK's symlinks (its cacerts points at the system's Java truststore).
    await exec('cp', ['-a', home, join(dir, jdk)], { timeout: 10 * 60_000 });
    await writeFile(join(dir, 'Containerfile'), newcomerContainerfile(options.baseImage, jdk));
    await options.podman.stream(
      ['build', '--network', 'host', '--file', join(dir, 'Containerfile'), '--tag', tag, dir],
      options.onLine ?? (() => undefined),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { tag, built: true, seconds: (Date.now() - started) / 1000, jdk };
}

/** A bundle of HEAD: what `git clone` of this repository gives, without the work tree's extras. */
export async function bundleHead(repoDir: string, file: string): Promise<string> {
  await exec('git', ['-C', repoDir, 'bundle', 'create', file, 'HEAD'], { timeout: 120_000 });
  const { stdout } = await exec('git', ['-C', repoDir, 'rev-parse', 'HEAD']);
  return stdout.trim();
}
