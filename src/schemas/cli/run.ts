import type { BasicAuth } from '../../config/security.ts';
import { createRegistryApi, type RegistryApi } from '../registry-api.ts';
import { checkCommand } from './check.ts';
import { compatCommand } from './compat.ts';
import type { SchemasConfig } from './config.ts';
import { type CommandContext, ExitCode, isUsageError, usageError } from './context.ts';
import { diffCommand, listCommand, showCommand, versionsCommand } from './inspect.ts';
import { registerCommand } from './register.ts';

/** Dispatches `schemas <command> [args]`; returns the exit code. */
export async function runSchemasCommand(
  config: Readonly<SchemasConfig>,
  positionals: readonly string[],
  /** `api` (tests), or the registry credentials parsed at the edge to make one with. */
  io: { out: (line: string) => void; err: (line: string) => void } & ({ api: RegistryApi } | { registryAuth: BasicAuth | null }),
): Promise<ExitCode> {
  const [command, ...args] = positionals;
  const ctx: CommandContext = {
    config,
    api: 'api' in io ? io.api : createRegistryApi(config.registryUrl, io.registryAuth, config.timeoutMs),
    out: io.out,
    err: io.err,
  };
  try {
    return await dispatch(ctx, command, args);
  } catch (error) {
    if (!isUsageError(error)) throw error;
    io.err(`usage error: ${error.message}`);
    return ExitCode.USAGE;
  }
}

function dispatch(ctx: CommandContext, command: string | undefined, args: readonly string[]): Promise<ExitCode> {
  switch (command) {
    case 'register':
      return registerCommand(ctx, args);
    case 'check':
      return checkCommand(ctx, args);
    case 'compat':
      return compatCommand(ctx, args);
    case 'list':
      if (args.length > 0) throw usageError('list takes no arguments');
      return listCommand(ctx);
    case 'versions':
      return versionsCommand(ctx, args);
    case 'show':
      return showCommand(ctx, args);
    case 'diff':
      return diffCommand(ctx, args);
    default:
      throw usageError(command === undefined ? 'missing command' : `unknown command "${command}"`);
  }
}

export { ExitCode };
