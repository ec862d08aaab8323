import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * Parses a script's flags and environment once, at the edge, into a frozen typed config.
 * A flag wins over its environment variable; zod supplies the defaults. Every problem is
 * reported at once, naming the flag, its variable and an example of a good value.
 */
export interface OptionSpec {
  readonly flag: string;
  readonly env?: string;
  readonly type?: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly description: string;
  readonly example?: string;
  readonly default?: string;
}

export interface CliSpec<S extends z.ZodType> {
  readonly command: string;
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly schema: S;
  readonly positionals?: string;
}

export interface ParsedCli<T> {
  readonly config: Readonly<T>;
  readonly positionals: readonly string[];
}

export function helpText<S extends z.ZodType>(spec: CliSpec<S>): string {
  const lines = [`Usage: ${spec.command}${spec.positionals ? ` ${spec.positionals}` : ''} [options]`, '', spec.summary, '', 'Options:'];
  for (const opt of Object.values(spec.options)) {
    const name = opt.type === 'boolean' ? `--${opt.flag}` : `--${opt.flag} <value>`;
    const extras = [opt.env ? `env ${opt.env}` : '', opt.default !== undefined ? `default ${opt.default}` : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${name.padEnd(30)} ${opt.description}${extras ? ` (${extras})` : ''}`);
  }
  lines.push(`  ${'--help'.padEnd(30)} Show this help`);
  return lines.join('\n');
}

export function parseCli<S extends z.ZodType>(
  spec: CliSpec<S>,
  argv: readonly string[] = process.argv.slice(2),
  env: NodeJS.ProcessEnv = process.env,
): ParsedCli<z.infer<S>> | { help: string } {
  const parseOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = { help: { type: 'boolean' } };
  for (const opt of Object.values(spec.options)) {
    parseOptions[opt.flag] = { type: opt.type ?? 'string', multiple: opt.multiple ?? false };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError(ErrorCode.CONFIG, `${(error as Error).message}\n\n${helpText(spec)}`);
  }
  if (parsed.values.help) return { help: helpText(spec) };
  const raw: Record<string, unknown> = {};
  for (const [key, opt] of Object.entries(spec.options)) {
    const fromFlag = parsed.values[opt.flag];
    const fromEnv = opt.env ? env[opt.env] : undefined;
    raw[key] = fromFlag ?? (fromEnv === undefined || fromEnv === '' ? undefined : envValue(opt, fromEnv));
  }
  const result = spec.schema.safeParse(raw);
  if (!result.success) throw new AppError(ErrorCode.CONFIG, describeIssues(spec, result.error.issues));
  return { config: Object.freeze(result.data), positionals: parsed.positionals };
}

function envValue(opt: OptionSpec, value: string): unknown {
  if (opt.type === 'boolean') return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
  if (opt.multiple) return value.split(',').map((v) => v.trim()).filter(Boolean);
  return value;
}

function describeIssues<S extends z.ZodType>(spec: CliSpec<S>, issues: readonly z.core.$ZodIssue[]): string {
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const opt = spec.options[key];
    const where = opt ? `--${opt.flag}${opt.env ? ` (env ${opt.env})` : ''}` : key || 'config';
    const example = opt?.example ? `; example: ${opt.example}` : '';
    return `  - ${where}: ${issue.message}${example}`;
  });
  return `Invalid configuration for ${spec.command}:\n${lines.join('\n')}\nRun with --help for all options.`;
}
