import type { z } from 'zod';
import { isAppError } from '../errors/app-error.ts';
import { parseCli, type CliSpec } from './cli.ts';

/**
 * Entry-point wrapper for scripts: parse config (print --help and exit 0, or every config
 * problem and exit 2), run, and turn an AppError into a one-paragraph message instead of a
 * stack trace. Exit codes: 0 ok, 1 failure, 2 bad configuration.
 */
export async function runScript<S extends z.ZodType>(
  spec: CliSpec<S>,
  main: (config: Readonly<z.infer<S>>, positionals: readonly string[]) => Promise<number | void>,
): Promise<void> {
  let parsed;
  try {
    parsed = parseCli(spec);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  if ('help' in parsed) {
    process.stdout.write(`${parsed.help}\n`);
    process.exit(0);
  }
  try {
    const code = await main(parsed.config, parsed.positionals);
    process.exit(code ?? 0);
  } catch (error) {
    if (isAppError(error)) {
      process.stderr.write(`error [${error.code}]: ${error.message}\n`);
      if (process.env.LOG_LEVEL === 'debug' && error.cause) process.stderr.write(`cause: ${String((error.cause as Error)?.stack ?? error.cause)}\n`);
    } else {
      process.stderr.write(`unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  }
}
