import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { RegistryApi } from '../registry-api.ts';
import type { SchemasConfig } from './config.ts';

/** What every `schemas` sub-command gets: its config, a registry client and where to print. */
export interface CommandContext {
  readonly config: Readonly<SchemasConfig>;
  readonly api: RegistryApi;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export const ExitCode = { OK: 0, FAILED: 1, USAGE: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export function usageError(message: string): AppError {
  return new AppError(ErrorCode.CONFIG, `${message}\nRun with --help for the commands and options.`, { context: { usage: true } });
}

export function isUsageError(error: unknown): error is AppError {
  return error instanceof AppError && error.context.usage === true;
}

/** `1`, `v1` and `latest` all name a version. */
export function parseVersion(text: string | undefined, what: string): number | 'latest' {
  if (text === undefined) throw usageError(`missing ${what}`);
  if (text === 'latest') return 'latest';
  const n = Number(text.replace(/^v/i, ''));
  if (!Number.isInteger(n) || n < 1) throw usageError(`${what} must be a version number, v<N> or latest (got "${text}")`);
  return n;
}
