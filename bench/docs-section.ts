import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { answerHelp } from './help.ts';

/**
 * Benchmarks write their figures into one section of docs/benchmarks.md each, replacing the
 * previous run's section and leaving the others alone. A library for the other bench scripts;
 * running it does nothing.
 */
export const BENCHMARKS_DOC = 'docs/benchmarks.md';

answerHelp(import.meta.url);

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}, load average at the end ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ')} (1/5/15 min; other work on the machine slows every figure)`;
}

export function writeSection(title: string, body: string, path = BENCHMARKS_DOC): void {
  const header = `## ${title}`;
  const doc = existsSync(path)
    ? readFileSync(path, 'utf8')
    : "# Benchmarks\n\nFigures measured on this project's machines by the scripts under bench/ (run by hand).\n";
  const start = doc.indexOf(`${header}\n`);
  const section = `${header}\n\n${body.trim()}\n`;
  if (start < 0) {
    writeFileSync(path, `${doc.trimEnd()}\n\n${section}`);
    return;
  }
  const next = doc.indexOf('\n## ', start + header.length);
  const rest = next < 0 ? '' : doc.slice(next + 1);
  writeFileSync(path, `${doc.slice(0, start)}${section}${rest ? `\n${rest}` : ''}`);
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
