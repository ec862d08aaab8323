import { execFile, spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../errors/app-error.ts';

const exec = promisify(execFile);

/**
 * Rootful podman as it works on a machine without systemd or a Docker engine: runc as
 * the runtime, cgroupfs, and a containers.conf without default ulimits (the defaults cannot be
 * raised inside an unprivileged outer container).
 */
export interface Podman {
  /** Runs podman and returns its stdout; a non-zero exit throws with the tail of stderr. */
  run(args: readonly string[], options?: { timeoutMs?: number }): Promise<string>;
  /** Like run, but stdout/stderr go to `onLine` as they come (long builds). */
  stream(args: readonly string[], onLine: (line: string) => void): Promise<void>;
}

export const PODMAN_RUNTIME = '/usr/sbin/runc';

const CONTAINERS_CONF = `[containers]
default_ulimits = []

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
`;

export async function createPodman(stateDir: string): Promise<Podman> {
  await mkdir(stateDir, { recursive: true });
  const confPath = join(stateDir, 'containers.conf');
  await writeFile(confPath, CONTAINERS_CONF);
  const env = { ...process.env, CONTAINERS_CONF: confPath };
  const base = ['--runtime', PODMAN_RUNTIME, '--cgroup-manager=cgroupfs'];
  return {
    async run(args, options = {}) {
      try {
        const { stdout } = await exec('podman', [...base, ...args], { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20 });
        return stdout;
      } catch (cause) {
        const stderr = String((cause as { stderr?: string }).stderr ?? '')
          .trim()
          .slice(-2000);
        throw new AppError(ErrorCode.SERVICE_START, `podman ${args.slice(0, 3).join(' ')} failed: ${stderr || (cause as Error).message}`, {
          cause,
          context: { args },
        });
      }
    },
    stream(args, onLine) {
      return new Promise((resolve, reject) => {
        const child = spawn('podman', [...base, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        const tail: string[] = [];
        const take = (chunk: Buffer) => {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
            tail.push(line);
            if (tail.length > 40) tail.shift();
            onLine(line);
          }
        };
        child.stdout.on('data', take);
        child.stderr.on('data', take);
        child.once('error', reject);
        child.once('close', (code) => {
          if (code === 0) resolve();
          else
            reject(
              new AppError(ErrorCode.SERVICE_START, `podman ${args[0]} exited with ${code}:\n${tail.join('\n')}`, { context: { args } }),
            );
        });
      });
    },
  };
}
