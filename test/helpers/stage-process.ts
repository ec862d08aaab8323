import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A pipeline script running as its own process, the way users run it, so tests can kill -9
 * it, send SIGTERM, or run several side by side. Output goes to .test-output/<name>.log.
 */
export interface StageProcess {
  readonly name: string;
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code (or the signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  kill(signal: NodeJS.Signals): void;
}

export function startStage(
  name: string,
  script: 'classify' | 'sink' | 'produce',
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): StageProcess {
  mkdirSync('.test-output', { recursive: true });
  const logFile = join('.test-output', `${name}.log`);
  const log = createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
  });
  child.stdout!.pipe(log, { end: false });
  child.stderr!.pipe(log, { end: false });
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => {
      log.end();
      resolve(code ?? signal ?? 'unknown');
    });
  });
  return { name, child, logFile, exited, kill: (signal) => void child.kill(signal) };
}

/** Stops a stage politely if it still runs (used in t.after / after hooks). */
export async function stopStage(stage: StageProcess | undefined): Promise<void> {
  if (!stage || stage.child.exitCode !== null || stage.child.signalCode !== null) return;
  stage.kill('SIGTERM');
  const timer = setTimeout(() => stage.kill('SIGKILL'), 15_000);
  await stage.exited;
  clearTimeout(timer);
}
