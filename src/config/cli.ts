/**
 * The one command-line parser: every entry point (scripts/, bench/, tools/) reads its flags,
 * positionals and subcommand here, once, at the edge, into a frozen typed config. A flag wins
 * over its environment variable; zod supplies the defaults. Every problem is reported at once,
 * naming the flag, its variable and an example of a good value.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../errors/app-error.ts';

export interface OptionSpec {
  readonly flag: string;
  readonly env?: string;
  readonly type?: 'string' | 'boolean';
  readonly multiple?: boolean;
  readonly description: string;
  readonly example?: string;
  readonly default?: string;
}

/** A subcommand (`stack up`, `stack logs <service>`): the first positional picks it. */
export interface CommandSpec {
  /** What it does, for --help; may span lines. */
  readonly summary: string;
  /** Its positionals in the help's command list, e.g. `<service>`. */
  readonly positionals?: string;
  /** Options only this command accepts; the spec's own options apply to every command. */
  readonly options?: Readonly<Record<string, OptionSpec>>;
}

export interface CliSpec<S extends z.ZodType> {
  readonly command: string;
  /** What the entry point does, for --help; may span lines. */
  readonly summary: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** The config: one object over every option key (the commands' too: unset ones are undefined). */
  readonly schema: S;
  /** Positionals in the usage line, e.g. `[file filter...]`. After `--` every argument is one. */
  readonly positionals?: string;
  /** When set, the first positional must name one of these (or `help`). */
  readonly commands?: Readonly<Record<string, CommandSpec>>;
  /** Free text printed after the options: environment variables, examples, where the docs are. */
  readonly notes?: string;
}

export interface ParsedCli<T> {
  readonly config: Readonly<T>;
  /** The positionals, after the command word when the spec has commands. */
  readonly positionals: readonly string[];
  /** The chosen subcommand, when the spec has commands. */
  readonly command?: string;
}

const HELP_COLUMN = 30;

function optionLine(opt: OptionSpec, indent: string): string {
  const name = opt.type === 'boolean' ? `--${opt.flag}` : `--${opt.flag} <value>`;
  const extras = [opt.env ? `env ${opt.env}` : '', opt.default !== undefined ? `default ${opt.default}` : ''].filter(Boolean).join(', ');
  return `${indent}${name.padEnd(HELP_COLUMN + 2 - indent.length)} ${opt.description}${extras ? ` (${extras})` : ''}`;
}

function commandLines(commands: Readonly<Record<string, CommandSpec>>): string[] {
  const lines = ['Commands:'];
  for (const [name, cmd] of Object.entries(commands)) {
    const head = `${name}${cmd.positionals ? ` ${cmd.positionals}` : ''}`;
    const [first = '', ...rest] = cmd.summary.split('\n');
    lines.push(`  ${head.padEnd(HELP_COLUMN)} ${first}`, ...rest.map((line) => `${' '.repeat(HELP_COLUMN + 3)}${line}`));
    for (const opt of Object.values(cmd.options ?? {})) lines.push(optionLine(opt, '      '));
  }
  return lines;
}

export function helpText<S extends z.ZodType>(spec: CliSpec<S>): string {
  const usage = `Usage: ${spec.command}${spec.commands ? ' <command>' : ''}${spec.positionals ? ` ${spec.positionals}` : ''} [options]`;
  const lines = [usage, '', spec.summary, ''];
  if (spec.commands) lines.push(...commandLines(spec.commands), '');
  lines.push('Options:');
  for (const opt of Object.values(spec.options)) lines.push(optionLine(opt, '  '));
  lines.push(`  ${'--help, -h'.padEnd(HELP_COLUMN)} Show this help`);
  if (spec.notes) lines.push('', spec.notes.trimEnd());
  return lines.join('\n');
}

type Owned = { readonly opt: OptionSpec; readonly command?: string };

/** Every option key with its spec and, for a command's own option, the command it belongs to. */
function ownedOptions<S extends z.ZodType>(spec: CliSpec<S>): Map<string, Owned[]> {
  const owned = new Map<string, Owned[]>();
  const add = (key: string, entry: Owned) => owned.set(key, [...(owned.get(key) ?? []), entry]);
  for (const [key, opt] of Object.entries(spec.options)) add(key, { opt });
  for (const [command, cmd] of Object.entries(spec.commands ?? {})) {
    for (const [key, opt] of Object.entries(cmd.options ?? {})) add(key, { opt, command });
  }
  return owned;
}

export function parseCli<S extends z.ZodType>(
  spec: CliSpec<S>,
  argv: readonly string[] = scriptArgs(),
  env: NodeJS.ProcessEnv = process.env,
): ParsedCli<z.infer<S>> | { help: string } {
  const owned = ownedOptions(spec);
  const parseOptions: Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }> = {
    help: { type: 'boolean', short: 'h' },
  };
  for (const [{ opt }] of owned.values()) {
    parseOptions[opt.flag] = { type: opt.type ?? 'string', multiple: opt.multiple ?? false };
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AppError(ErrorCode.CONFIG, `${(error as Error).message}\n\n${helpText(spec)}`);
  }
  if (parsed.values.help) return { help: helpText(spec) };
  const command = spec.commands ? chooseCommand(spec, parsed.positionals[0]) : undefined;
  if (command === 'help') return { help: helpText(spec) };
  const raw: Record<string, unknown> = {};
  for (const [key, entries] of owned) {
    const entry = entries.find((e) => e.command === undefined || e.command === command);
    const given = parsed.values[entries[0]!.opt.flag];
    if (!entry) {
      if (given !== undefined) throw wrongCommand(spec, entries, command!);
      continue;
    }
    const fromEnv = entry.opt.env ? env[entry.opt.env] : undefined;
    raw[key] = given ?? (fromEnv === undefined || fromEnv === '' ? undefined : envValue(entry.opt, fromEnv));
  }
  const result = spec.schema.safeParse(raw);
  if (!result.success) throw new AppError(ErrorCode.CONFIG, describeIssues(spec, result.error.issues, command));
  const config = Object.freeze(result.data);
  return command === undefined
    ? { config, positionals: parsed.positionals }
    : { config, positionals: parsed.positionals.slice(1), command };
}

function chooseCommand<S extends z.ZodType>(spec: CliSpec<S>, word: string | undefined): string {
  const names = Object.keys(spec.commands ?? {});
  if (word === 'help') return word;
  if (word === undefined) {
    throw new AppError(ErrorCode.CONFIG, `${spec.command} needs a command: ${names.join(' | ')}\n\n${helpText(spec)}`);
  }
  if (!names.includes(word)) {
    throw new AppError(ErrorCode.CONFIG, `unknown command '${word}' (one of: ${names.join(', ')}); run with --help to see the commands`);
  }
  return word;
}

function wrongCommand<S extends z.ZodType>(spec: CliSpec<S>, entries: readonly Owned[], command: string): AppError {
  const owners = entries.map((e) => e.command).join(', ');
  return new AppError(
    ErrorCode.CONFIG,
    `--${entries[0]!.opt.flag} is an option of '${owners}', not of '${command}'; run ${spec.command} --help`,
  );
}

function envValue(opt: OptionSpec, value: string): unknown {
  if (opt.type === 'boolean') return ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
  if (opt.multiple)
    return value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  return value;
}

function describeIssues<S extends z.ZodType>(spec: CliSpec<S>, issues: readonly z.core.$ZodIssue[], command?: string): string {
  const owned = ownedOptions(spec);
  const lines = issues.map((issue) => {
    const key = String(issue.path[0] ?? '');
    const opt = owned.get(key)?.find((e) => e.command === undefined || e.command === command)?.opt;
    const where = opt ? `--${opt.flag}${opt.env ? ` (env ${opt.env})` : ''}` : key || 'config';
    const example = opt?.example ? `; example: ${opt.example}` : '';
    return `  - ${where}: ${issue.message}${example}`;
  });
  const name = command === undefined ? spec.command : `${spec.command} ${command}`;
  return `Invalid configuration for ${name}:\n${lines.join('\n')}\nRun with --help for all options.`;
}

/**
 * True when the arguments ask for help (`--help`, `-h`), whatever else they hold: for modules that
 * answer --help but leave their other arguments to a parseCli of their own, or to none.
 */
export function helpRequested(args: readonly string[] = scriptArgs()): boolean {
  const { values } = parseArgs({
    args: [...args],
    options: { help: { type: 'boolean', short: 'h' } },
    strict: false,
    allowPositionals: true,
  });
  return values.help === true;
}

/** The arguments the running script was given (what comes after `node script.ts`). */
export function scriptArgs(argv: readonly string[] = process.argv): readonly string[] {
  return argv.slice(2);
}

/** True when `moduleUrl` is the script node was started with, not a module it imported. */
export function isEntryPoint(moduleUrl: string, argv: readonly string[] = process.argv): boolean {
  return argv[1] !== undefined && path.resolve(argv[1]) === fileURLToPath(moduleUrl);
}
