import { type CompatibilityReport, checkSchemaCompatibility, formatReport, type SchemaVersion } from '../compatibility.ts';
import { explainAgainstRegistry } from '../explain.ts';
import { displayPath, historyOf, readSchemaAtRef, readSchemaFile } from '../history.ts';
import { PROJECT_COMPATIBILITY } from '../subjects.ts';
import { type CommandContext, ExitCode } from './context.ts';
import { describeTarget, resolveTargets, type Target } from './targets.ts';

/**
 * `check [FILE...]`: online, the registry's compatibility endpoint decides under the subject's
 * level and the local resolution walk explains; `--offline`, the walk decides against earlier
 * versions kept in schemas/history/, a file or a git revision.
 */
export async function checkCommand(ctx: CommandContext, files: readonly string[]): Promise<ExitCode> {
  const targets = resolveTargets(files, ctx.config.subject);
  let failed = 0;
  for (const t of targets) {
    const ok = ctx.config.offline ? await checkOffline(ctx, t) : await checkOnline(ctx, t);
    if (!ok) failed += 1;
  }
  return failed === 0 ? ExitCode.OK : ExitCode.FAILED;
}

async function checkOffline(ctx: CommandContext, t: Target): Promise<boolean> {
  const level = ctx.config.level ?? PROJECT_COMPATIBILITY;
  const previous = await previousVersions(ctx, t);
  const report = checkSchemaCompatibility(t.schema, previous, level);
  print(ctx, `${t.name} (${displayPath(t.path)})`, report);
  if (report.checked === 0 && previous.length === 0) ctx.out(`  no earlier version found (looked in ${whereFrom(ctx, t)})`);
  return report.compatible;
}

async function previousVersions(ctx: CommandContext, t: Target): Promise<SchemaVersion[]> {
  if (ctx.config.against) return [{ label: displayPath(ctx.config.against), schema: readSchemaFile(ctx.config.against) }];
  if (ctx.config.againstRef) return [await readSchemaAtRef(ctx.config.againstRef, t.path)];
  // History files are the released versions; the working file may equal the newest one.
  return historyOf(t.name).filter((h) => h.path !== t.path);
}

function whereFrom(ctx: CommandContext, t: Target): string {
  if (ctx.config.against) return ctx.config.against;
  if (ctx.config.againstRef) return `${ctx.config.againstRef}:${t.path}`;
  return `schemas/history/${t.name}.v<N>.avsc`;
}

async function checkOnline(ctx: CommandContext, t: Target): Promise<boolean> {
  const report = await explainAgainstRegistry(ctx.api, t.subject, t.schema, ctx.config.level);
  if (report.checked === 0) {
    ctx.out(`${describeTarget(t)}: no versions registered yet; the first registration is always accepted`);
    return true;
  }
  // The registry applies its own level (transitive ones against every version) when asked for all versions.
  const verdict = ctx.config.level
    ? { compatible: report.compatible, messages: [] }
    : await ctx.api.checkCompatibility(t.subject, t.schema, 'all');
  const name = describeTarget(t);
  if (verdict.compatible === report.compatible) print(ctx, name, report);
  else if (!verdict.compatible) {
    ctx.err(`${name}: INCOMPATIBLE under ${report.level} (the registry refused it; the local Avro resolution found no reason)`);
    for (const message of verdict.messages) ctx.err(`  registry: ${message}`);
  } else {
    ctx.out(`${name}: compatible under ${report.level} (registry)`);
    ctx.err(`  warning: the local Avro resolution disagrees:\n${formatReport(name, report)}`);
  }
  return verdict.compatible;
}

function print(ctx: CommandContext, name: string, report: CompatibilityReport): void {
  const text = formatReport(name, report);
  (report.compatible ? ctx.out : ctx.err)(text);
}
