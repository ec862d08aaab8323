import { execFile } from 'node:child_process';
import { access, constants, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * Locating the external programs the stack needs (java, mvn, mariadbd, ...). A missing one is a
 * PREREQUISITE error that names it and says how to get it, never a stack trace.
 */
const run = promisify(execFile);

/** sbin dirs are often missing from a normal user's PATH, but that is where mariadbd lives. */
const extraDirs = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/local/mysql/bin'];
/** Replaces PATH plus those dirs as the places searched (e.g. to try the stack without MariaDB). */
export const TOOL_PATH_ENV = 'STREAMSENSE_TOOL_PATH';

export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function which(names: readonly string[]): Promise<string | null> {
  const override = process.env[TOOL_PATH_ENV];
  const dirs =
    override !== undefined
      ? override.split(path.delimiter).filter(Boolean)
      : [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...extraDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const file = path.join(dir, name);
      if (await isExecutable(file)) return file;
    }
  }
  return null;
}

export async function requireTool(names: readonly string[], hint: string): Promise<string> {
  const found = await which(names);
  if (found) return found;
  throw new AppError(ErrorCode.PREREQUISITE, `${names.join(' or ')} not found on PATH; ${hint}`, { context: { tool: names[0] } });
}

/** Major version of a java binary (8 for 1.8, 17, 21, 25, ...), or null if it does not run. */
export async function javaMajor(javaBin: string): Promise<number | null> {
  try {
    const { stderr, stdout } = await run(javaBin, ['-version'], { timeout: 20_000 });
    const match = /version "(\d+)(?:\.(\d+))?/.exec(`${stderr}${stdout}`);
    if (!match) return null;
    const major = Number(match[1]);
    return major === 1 ? Number(match[2]) : major;
  } catch {
    return null;
  }
}

async function jvmDirCandidates(): Promise<string[]> {
  try {
    const entries = await readdir('/usr/lib/jvm');
    return entries.map((entry) => path.join('/usr/lib/jvm', entry, 'bin', 'java'));
  } catch {
    return [];
  }
}

export interface JavaRequirement {
  readonly minMajor: number;
  readonly purpose: string;
  /** A JAVA_HOME given explicitly for this purpose; it is the only candidate when set. */
  readonly javaHome?: string;
}

/** Find a java binary of at least `minMajor`; prefer JAVA_HOME, then PATH, then /usr/lib/jvm. */
export async function requireJava(req: JavaRequirement): Promise<{ bin: string; major: number }> {
  const candidates: string[] = [];
  if (req.javaHome) candidates.push(path.join(req.javaHome, 'bin', 'java'));
  else {
    if (process.env.JAVA_HOME) candidates.push(path.join(process.env.JAVA_HOME, 'bin', 'java'));
    const onPath = await which(['java']);
    if (onPath) candidates.push(onPath);
    // Also look through /usr/lib/jvm when the default java is too old (e.g. Java 17 + a Temurin 25).
    candidates.push(...(await jvmDirCandidates()));
  }
  const seen: string[] = [];
  for (const bin of candidates) {
    const major = await javaMajor(bin);
    if (major === null) continue;
    seen.push(`${bin} (Java ${major})`);
    if (major >= req.minMajor) return { bin, major };
  }
  const found = seen.length ? `found only ${seen.join(', ')}` : 'no java found';
  const where = req.javaHome ? `in ${req.javaHome}` : 'via JAVA_HOME, PATH or /usr/lib/jvm';
  throw new AppError(
    ErrorCode.PREREQUISITE,
    `${req.purpose} needs Java ${req.minMajor}+ ${where}; ${found}. Install a JDK ${req.minMajor}+ (e.g. Temurin) and point JAVA_HOME at it`,
    { context: { minMajor: req.minMajor } },
  );
}
