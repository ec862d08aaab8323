import { COMPATIBILITY_LEVELS, type CompatibilityLevel } from '../compatibility-level.ts';
import { type CommandContext, ExitCode, usageError } from './context.ts';

/** `compat get [SUBJECT]` and `compat set [SUBJECT] LEVEL`; without SUBJECT, the global level. */
export async function compatCommand(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const [action, ...rest] = args;
  if (action === 'get') return compatGet(ctx, rest);
  if (action === 'set') return compatSet(ctx, rest);
  throw usageError(`compat needs get or set (got ${action === undefined ? 'nothing' : `"${action}"`})`);
}

async function compatGet(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  if (args.length > 1) throw usageError('compat get takes at most one SUBJECT');
  const [subject] = args;
  if (!subject) {
    ctx.out(`global: ${(await ctx.api.getCompatibility()) ?? 'BACKWARD'}`);
    return ExitCode.OK;
  }
  ctx.out(`${subject}: ${await ctx.api.effectiveCompatibility(subject)}`);
  return ExitCode.OK;
}

async function compatSet(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  if (args.length === 0 || args.length > 2) throw usageError('usage: compat set [SUBJECT] LEVEL');
  const level = parseLevel(args[args.length - 1]!);
  const subject = args.length === 2 ? args[0] : undefined;
  await ctx.api.setCompatibility(level, subject);
  ctx.out(`${subject ?? 'global'}: ${level}`);
  return ExitCode.OK;
}

export function parseLevel(text: string): CompatibilityLevel {
  const level = text.toUpperCase();
  if ((COMPATIBILITY_LEVELS as readonly string[]).includes(level)) return level as CompatibilityLevel;
  throw usageError(`unknown compatibility level "${text}"; use one of ${COMPATIBILITY_LEVELS.join(', ')}`);
}
