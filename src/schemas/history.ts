import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { SCHEMAS_DIR } from '../contracts/avro.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { SchemaVersion } from './compatibility.ts';

/**
 * Released versions of each schema, kept in the repo as schemas/history/<name>.v<N>.avsc, so the
 * offline check has something to compare with. Releasing a new version = copying the edited
 * schemas/<name>.avsc to the next history file (docs/schemas.md).
 */
export const HISTORY_DIR = join(SCHEMAS_DIR, 'history');

const HISTORY_FILE = /^(?<name>[a-z0-9-]+)\.v(?<version>\d+)\.avsc$/;

export interface HistoryEntry extends SchemaVersion {
  readonly version: number;
  readonly path: string;
}

/** The history of one schema name (e.g. `classification`), oldest first. */
export function historyOf(name: string, dir = HISTORY_DIR): HistoryEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir);
  } catch {
    return [];
  }
  return files
    .map((file) => ({ file, m: HISTORY_FILE.exec(file) }))
    .filter(({ m }) => m?.groups?.name === name)
    .map(({ file, m }) => {
      const path = join(dir, file);
      return {
        version: Number(m!.groups!.version),
        path,
        label: `v${m!.groups!.version} (${displayPath(path)})`,
        schema: readSchemaFile(path),
      };
    })
    .sort((a, b) => a.version - b.version);
}

/** The schema name of a file: `schemas/classification.avsc` and `schemas/history/classification.v1.avsc` are both `classification`. */
export function schemaNameOf(path: string): string {
  return basename(path)
    .replace(/\.v\d+\.avsc$/, '')
    .replace(/\.avsc$/, '');
}

/** A schema file as compact JSON (what the registry stores and what we compare). */
export function readSchemaFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError(ErrorCode.INVALID_INPUT, `Cannot read schema file ${path}: ${(cause as Error).message}`, { cause });
  }
  return compactJson(text, path);
}

/** The same file as committed at a git revision, for `check --offline --against-ref origin/main`. */
export async function readSchemaAtRef(ref: string, path: string): Promise<SchemaVersion> {
  const repoPath = relative(join(SCHEMAS_DIR, '..'), path).split('\\').join('/');
  try {
    const { stdout } = await promisify(execFile)('git', ['show', `${ref}:${repoPath}`], { cwd: join(SCHEMAS_DIR, '..') });
    return { label: `${ref}:${repoPath}`, schema: compactJson(stdout, `${ref}:${repoPath}`) };
  } catch (cause) {
    if (cause instanceof AppError) throw cause;
    throw new AppError(
      ErrorCode.INVALID_INPUT,
      `git has no ${repoPath} at ${ref}: ${String((cause as { stderr?: string }).stderr ?? cause).trim()}`,
      { cause },
    );
  }
}

function compactJson(text: string, where: string): string {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch (cause) {
    throw new AppError(ErrorCode.INVALID_INPUT, `${where} is not valid JSON: ${(cause as Error).message}`, { cause });
  }
}

export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
