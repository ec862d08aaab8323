import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { sleep } from './wait.ts';

/**
 * Processes the stack starts run detached and are remembered in pid files. We only ever signal a
 * pid from our own pid file, and only while /proc still shows the command line we recorded at
 * start, so a recycled pid is never hit (and nothing is ever killed by name).
 */
export interface PidRecord {
  readonly pid: number;
  readonly service: string;
  readonly startedAt: string;
  /** /proc/<pid>/cmdline at start, NUL-separated; null where /proc is not available. */
  readonly cmdline: string | null;
}

export interface SpawnSpec {
  readonly service: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile: string;
  readonly pidFile: string;
}

export async function spawnDetached(spec: SpawnSpec): Promise<PidRecord> {
  await mkdir(path.dirname(spec.logFile), { recursive: true });
  await mkdir(path.dirname(spec.pidFile), { recursive: true });
  const fd = openSync(spec.logFile, 'a');
  writeSync(fd, `\n=== ${new Date().toISOString()} starting ${spec.service}: ${spec.command} ${spec.args.join(' ')}\n`);
  try {
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: spec.env ?? process.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    const pid = await spawned(child, spec);
    child.unref();
    const record: PidRecord = { pid, service: spec.service, startedAt: new Date().toISOString(), cmdline: await cmdlineOf(pid) };
    await writeFile(spec.pidFile, `${JSON.stringify(record)}\n`);
    return record;
  } finally {
    closeSync(fd);
  }
}

function spawned(child: ReturnType<typeof spawn>, spec: SpawnSpec): Promise<number> {
  return new Promise((resolve, reject) => {
    child.once('error', (cause) =>
      reject(new AppError(ErrorCode.SERVICE_START, `could not start ${spec.service} (${spec.command}): ${cause.message}`, { cause })),
    );
    child.once('spawn', () => resolve(child.pid as number));
  });
}

async function cmdlineOf(pid: number): Promise<string | null> {
  try {
    return await readFile(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return null;
  }
}

export async function readPidRecord(pidFile: string): Promise<PidRecord | null> {
  try {
    const record = JSON.parse(await readFile(pidFile, 'utf8')) as PidRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

/** True while the recorded process is alive and is still the process we started. */
export async function isRunning(record: PidRecord): Promise<boolean> {
  try {
    process.kill(record.pid, 0);
  } catch {
    return false;
  }
  if (await isZombie(record.pid)) return false;
  if (record.cmdline === null) return true;
  return (await cmdlineOf(record.pid)) === record.cmdline;
}

async function isZombie(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return false;
  }
}

/** The running process from a pid file; a stale pid file (process gone or pid reused) is removed. */
export async function runningProcess(pidFile: string): Promise<PidRecord | null> {
  const record = await readPidRecord(pidFile);
  if (!record) return null;
  if (await isRunning(record)) return record;
  await rm(pidFile, { force: true });
  return null;
}

export type StopOutcome = 'not-running' | 'stopped' | 'killed';

/** SIGTERM, wait up to `graceMs`, then SIGKILL; removes the pid file. */
export async function stopProcess(pidFile: string, graceMs: number): Promise<StopOutcome> {
  const record = await runningProcess(pidFile);
  if (!record) return 'not-running';
  signal(record.pid, 'SIGTERM');
  const outcome: StopOutcome = (await exited(record, graceMs)) ? 'stopped' : 'killed';
  if (outcome === 'killed') {
    signal(record.pid, 'SIGKILL');
    await exited(record, 10_000);
  }
  await rm(pidFile, { force: true });
  return outcome;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}

async function exited(record: PidRecord, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isRunning(record))) return true;
    await sleep(200);
  }
  return !(await isRunning(record));
}
