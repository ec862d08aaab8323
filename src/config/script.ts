/**
 * Entry-point wrapper for scripts: parse config (print --help and exit 0, or every config
 * problem and exit 2), run, and turn an AppError into a one-paragraph message instead of a
 * stack trace. Exit codes: 0 ok, 1 failure, 2 bad configuration.
 */
import type { z } from 'zod';
import { isAppError } from '../errors/app-error.ts';
import { type CliSpec, type ParsedCli, parseCli, scriptArgs } from './cli.ts';

/**
 * The parsing half of runScript, for scripts that run at the top level (the bench scripts):
 * prints --help and exits 0, or prints every config problem and exits 2.
 */
export function parseOrExit<S extends z.ZodType>(
  spec: CliSpec<S>,
  argv: readonly string[] = scriptArgs(),
  env: NodeJS.ProcessEnv = process.env,
): ParsedCli<z.infer<S>> {
  let parsed: ParsedCli<z.infer<S>> | { help: string };
  try {
    parsed = parseCli(spec, argv, env);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if ('help' in parsed) {
    process.stdout.write(`${parsed.help}\n`);
    process.exit(0);
  }
  return parsed;
}

/** What a script's main resolves to: its exit code, or nothing for 0. */
type MainResult = Promise<number | undefined> | Promise<void>;

export async function runScript<S extends z.ZodType>(
  spec: CliSpec<S>,
  main: (config: Readonly<z.infer<S>>, positionals: readonly string[], command?: string) => MainResult,
): Promise<void> {
  const parsed = parseOrExit(spec);
  try {
    const code = await main(parsed.config, parsed.positionals, parsed.command);
    process.exit(code ?? 0);
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      if (process.env.LOG_LEVEL === 'debug' && error.cause)
        process.stderr.write(`cause: ${String((error.cause as Error)?.stack ?? error.cause)}\n`);
    } else {
      process.stderr.write(`unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  }
}
