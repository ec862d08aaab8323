import { Direction, explain, parseType } from '../compatibility.ts';
import { diffSchemas, formatDiff } from '../schema-diff.ts';
import { type CommandContext, ExitCode, parseVersion, usageError } from './context.ts';

/** Read-only views of the registry: `list`, `versions`, `show`, `diff`. */
export async function listCommand(ctx: CommandContext): Promise<ExitCode> {
  const subjects = [...(await ctx.api.subjects())].sort();
  if (subjects.length === 0) ctx.out('(no subjects)');
  for (const subject of subjects) {
    const versions = await ctx.api.versions(subject);
    const level = await ctx.api.effectiveCompatibility(subject);
    ctx.out(`${subject}  latest v${versions.at(-1) ?? '-'}  (${versions.length} version${versions.length === 1 ? '' : 's'}, ${level})`);
  }
  return ExitCode.OK;
}

export async function versionsCommand(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  const subject = oneSubject(args, 'versions SUBJECT');
  const versions = await ctx.api.versions(subject);
  if (versions.length === 0) {
    ctx.err(`${subject}: no such subject (or no versions)`);
    return ExitCode.FAILED;
  }
  for (const v of versions) {
    const s = await ctx.api.schemaOf(subject, v);
    ctx.out(`v${s.version}  id ${s.id}`);
  }
  return ExitCode.OK;
}

export async function showCommand(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  if (args.length < 1 || args.length > 2) throw usageError('usage: show SUBJECT [VERSION]');
  const version = args[1] === undefined ? 'latest' : parseVersion(args[1], 'VERSION');
  const s = await ctx.api.schemaOf(args[0]!, version);
  ctx.out(`# ${args[0]} v${s.version} id ${s.id}`);
  ctx.out(JSON.stringify(JSON.parse(s.schema), null, 2));
  return ExitCode.OK;
}

export async function diffCommand(ctx: CommandContext, args: readonly string[]): Promise<ExitCode> {
  if (args.length !== 3) throw usageError('usage: diff SUBJECT V1 V2');
  const subject = args[0]!;
  const [a, b] = await Promise.all([
    ctx.api.schemaOf(subject, parseVersion(args[1], 'V1')),
    ctx.api.schemaOf(subject, parseVersion(args[2], 'V2')),
  ]);
  const [from, to] = [parseType(a.schema, `v${a.version}`), parseType(b.schema, `v${b.version}`)];
  ctx.out(`${subject}: v${a.version} (id ${a.id}) -> v${b.version} (id ${b.id})`);
  for (const line of formatDiff(diffSchemas(from, to))) ctx.out(line);
  const backward = explain(to, from, Direction.BACKWARD);
  const forward = explain(from, to, Direction.FORWARD);
  ctx.out(`  v${b.version} reads v${a.version} records (backward): ${backward.length === 0 ? 'yes' : 'no'}`);
  for (const r of backward) ctx.out(`    - ${r}`);
  ctx.out(`  v${a.version} reads v${b.version} records (forward): ${forward.length === 0 ? 'yes' : 'no'}`);
  for (const r of forward) ctx.out(`    - ${r}`);
  return ExitCode.OK;
}

function oneSubject(args: readonly string[], usage: string): string {
  if (args.length !== 1) throw usageError(`usage: ${usage}`);
  return args[0]!;
}
