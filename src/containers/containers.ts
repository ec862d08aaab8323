import type { Podman } from './podman.ts';

/**
 * Containers of the app image on the host network, the way the container test runs them
 * against the local stack. Configuration goes in through environment variables only,
 * like the compose services.
 */
export interface ContainerSpec {
  readonly name: string;
  readonly image: string;
  /** The component and its arguments, e.g. ['schemas', 'register', '--all']. */
  readonly command: readonly string[];
  readonly env: Readonly<Record<string, string>>;
}

export function runArgs(spec: ContainerSpec, mode: 'detached' | 'once'): string[] {
  const env = Object.entries(spec.env).flatMap(([key, value]) => ['--env', `${key}=${value}`]);
  const lifecycle = mode === 'detached' ? ['--detach'] : ['--rm'];
  // No systemd here to drive healthcheck timers; checks run on demand with `podman healthcheck run`.
  return [
    'run',
    ...lifecycle,
    '--name',
    spec.name,
    '--network',
    'host',
    '--health-interval',
    'disable',
    ...env,
    spec.image,
    ...spec.command,
  ];
}

export async function startContainer(podman: Podman, spec: ContainerSpec): Promise<void> {
  await podman.run(runArgs(spec, 'detached'));
}

/** Runs a one-shot component to completion; throws (with its output) if it exits non-zero. */
export async function runToCompletion(podman: Podman, spec: ContainerSpec, timeoutMs = 300_000): Promise<string> {
  return podman.run(runArgs(spec, 'once'), { timeoutMs });
}

export async function isHealthy(podman: Podman, name: string): Promise<boolean> {
  return podman.run(['healthcheck', 'run', name], { timeoutMs: 30_000 }).then(
    () => true,
    () => false,
  );
}

export async function containerLogs(podman: Podman, name: string): Promise<string> {
  return podman.run(['logs', name]).catch((error: Error) => `(no logs: ${error.message})`);
}

export async function isRunning(podman: Podman, name: string): Promise<boolean> {
  const state = await podman.run(['inspect', '--format', '{{.State.Running}}', name]).catch(() => 'false');
  return state.trim() === 'true';
}

export async function removeContainers(podman: Podman, names: readonly string[]): Promise<void> {
  if (names.length === 0) return;
  await podman.run(['rm', '--force', '--ignore', '--time', '10', ...names], { timeoutMs: 60_000 }).catch(() => undefined);
}
