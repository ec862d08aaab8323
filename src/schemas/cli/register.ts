import { isContract } from '../../contracts/avro.ts';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { parseType } from '../compatibility.ts';
import { explainAgainstRegistry, reasonLines } from '../explain.ts';
import { ensureProjectCompatibility } from '../project-subjects.ts';
import { type CommandContext, ExitCode } from './context.ts';
import { describeTarget, resolveTargets, type Target } from './targets.ts';

/** `register [--all | FILE...]`: one line per schema with subject, version and id; rejected ones explained. */
export async function registerCommand(ctx: CommandContext, files: readonly string[]): Promise<ExitCode> {
  const targets = resolveTargets(ctx.config.all ? [] : files, ctx.config.subject);
  for (const t of targets) parseType(t.schema, t.path);
  if (targets.some((t) => isContract(t.name) && !ctx.config.subject)) {
    for (const subject of await ensureProjectCompatibility(ctx.api))
      ctx.out(`${subject}: new subject, compatibility set to BACKWARD_TRANSITIVE`);
  }
  let rejected = 0;
  for (const t of targets) {
    if (!(await registerOne(ctx, t))) rejected += 1;
  }
  return rejected === 0 ? ExitCode.OK : ExitCode.FAILED;
}

async function registerOne(ctx: CommandContext, t: Target): Promise<boolean> {
  const existing = await ctx.api.lookup(t.subject, t.schema);
  if (existing) {
    ctx.out(`${describeTarget(t)}: unchanged, version ${existing.version}, id ${existing.id}`);
    return true;
  }
  try {
    const id = await ctx.api.register(t.subject, t.schema);
    const found = await ctx.api.lookup(t.subject, t.schema);
    ctx.out(`${describeTarget(t)}: registered version ${found?.version ?? '?'}, id ${id}`);
    return true;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== ErrorCode.SCHEMA_REJECTED) throw error;
    await reportRejection(ctx, t, error);
    return false;
  }
}

async function reportRejection(ctx: CommandContext, t: Target, error: AppError): Promise<void> {
  const report = await explainAgainstRegistry(ctx.api, t.subject, t.schema);
  ctx.err(`${describeTarget(t)}: REJECTED by the registry under ${report.level}`);
  for (const line of reasonLines(report)) ctx.err(`  - ${line}`);
  ctx.err(`  registry: ${error.message}`);
}
