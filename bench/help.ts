/**
 * `--help` / `-h` for the bench scripts, through the one CLI parser (src/config/cli.ts): a bench
 * script's help is its opening doc comment (its usage), followed by its options when it has any.
 *   npx tsx bench/<script>.ts --help
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { type CliSpec, helpRequested, isEntryPoint, scriptArgs } from '../src/config/cli.ts';

/**
 * For a module with no options of its own (a library of the others, or one that parses its flags
 * later): prints its usage and exits 0 when it is the script being run with --help; otherwise
 * does nothing, so importing it, or running it with other flags, is unaffected.
 */
export function answerHelp(moduleUrl: string, argv?: readonly string[]): void {
  if (!isEntryPoint(moduleUrl, argv) || !helpRequested(scriptArgs(argv))) return;
  process.stdout.write(`${usageOf(readFileSync(fileURLToPath(moduleUrl), 'utf8'))}\n`);
  process.exit(0);
}

/** A bench script's CliSpec: `npx tsx bench/<script>.ts`, summarised by its opening doc comment. */
export function benchSpec<S extends z.ZodType>(moduleUrl: string, spec: Omit<CliSpec<S>, 'command' | 'summary'>): CliSpec<S> {
  const file = fileURLToPath(moduleUrl);
  return { command: `npx tsx ${path.relative(process.cwd(), file) || file}`, summary: usageOf(readFileSync(file, 'utf8')), ...spec };
}

/** The first `/** ... *\/` block, without its comment markers. */
export function usageOf(source: string): string {
  const block = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/^\s*\* ?/, ''))
    .join('\n')
    .trim();
}

answerHelp(import.meta.url);
