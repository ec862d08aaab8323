import { existsSync } from 'node:fs';
import type { Podman } from './podman.ts';

/**
 * Builds the project's Dockerfile with podman. The build needs the network for
 * `npm ci`, apt and Maven Central; where TLS goes through an intercepting proxy, this machine's
 * CA bundle is mounted into the build steps only (never into an image layer).
 */
export interface AppImageOptions {
  readonly podman: Podman;
  readonly contextDir: string;
  readonly baseImage: string;
  readonly tag: string;
  readonly noCache?: boolean;
  readonly onLine?: (line: string) => void;
}

export interface AppImage {
  readonly tag: string;
  readonly seconds: number;
  readonly sizeBytes: number;
  readonly user: string;
}

const HOST_CA_DIR = '/etc/ssl/certs';
const MOUNTED_CA_DIR = '/run/host-ca';

/** Build arguments that let npm (Node) and Maven (Java) trust what this machine trusts. */
export function hostTrustArgs(exists: (path: string) => boolean = existsSync): string[] {
  const args: string[] = [];
  if (exists(`${HOST_CA_DIR}/ca-certificates.crt`)) {
    args.push(
      '--volume',
      `${HOST_CA_DIR}:${MOUNTED_CA_DIR}:ro`,
      '--build-arg',
      `NODE_EXTRA_CA_CERTS=${MOUNTED_CA_DIR}/ca-certificates.crt`,
    );
    if (exists(`${HOST_CA_DIR}/java/cacerts`))
      args.push('--build-arg', `MAVEN_OPTS=-Djavax.net.ssl.trustStore=${MOUNTED_CA_DIR}/java/cacerts`);
  }
  return args;
}

export async function buildAppImage(options: AppImageOptions): Promise<AppImage> {
  const started = Date.now();
  const args = [
    'build',
    '--format',
    'docker',
    '--network',
    'host',
    '--build-arg',
    `BASE_IMAGE=${options.baseImage}`,
    ...hostTrustArgs(),
    ...(options.noCache ? ['--no-cache'] : []),
    '--tag',
    options.tag,
    options.contextDir,
  ];
  await options.podman.stream(args, options.onLine ?? (() => undefined));
  const seconds = (Date.now() - started) / 1000;
  const [size, user] = (await options.podman.run(['image', 'inspect', '--format', '{{.Size}} {{.Config.User}}', options.tag]))
    .trim()
    .split(' ');
  return { tag: options.tag, seconds, sizeBytes: Number(size), user: user ?? '' };
}
