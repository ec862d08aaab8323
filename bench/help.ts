import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `--help` / `-h` for the bench scripts: prints the opening doc comment of the script being run
 * (its usage) and exits 0. Does nothing when `moduleUrl` is only imported by another script.
 *   npx tsx bench/<script>.ts --help
 */
export function answerHelp(moduleUrl: string, argv: readonly string[] = process.argv): void {
  const file = fileURLToPath(moduleUrl);
  if (!argv[1] || path.resolve(argv[1]) !== file) return;
  if (!argv.slice(2).some((a) => a === '--help' || a === '-h')) return;
  process.stdout.write(`${usageOf(readFileSync(file, 'utf8'))}\n`);
  process.exit(0);
}

/** The first `/** ... *\/` block, without its comment markers. */
export function usageOf(source: string): string {
  const block = /\/\*\*([\s\S]*?)\*\//.exec(source)?.[1] ?? '';
  return block.split('\n').map((line) => line.replace(/^\s*\* ?/, '')).join('\n').trim();
}

answerHelp(import.meta.url);
