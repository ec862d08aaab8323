import { mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { sleep } from './wait.ts';

/**
 * One stack command at a time: parallel test files all call stackUp, and two of them must not
 * both start Kafka. A lock left by a dead process is taken over.
 */
export async function withLock<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  await acquire(lockFile, timeoutMs);
  try {
    return await fn();
  } finally {
    await rm(lockFile, { force: true });
  }
}

async function acquire(lockFile: string, timeoutMs: number): Promise<void> {
  await mkdir(path.dirname(lockFile), { recursive: true });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const handle = await open(lockFile, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const raw = await readFile(lockFile, 'utf8').catch(() => null);
    const owner = Number(raw);
    // An empty file is a lock being written right now; a missing one was just released.
    if (raw !== null && raw !== '' && !isAlive(owner)) {
      await rm(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new AppError(ErrorCode.SERVICE_START, `another stack command (pid ${owner}) holds ${lockFile}; wait for it or stop it`, {
        retriable: true,
      });
    }
    await sleep(250);
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
