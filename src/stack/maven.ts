import { spawn } from 'node:child_process';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { requireTool } from './prereq.ts';

/**
 * Artifacts come from Maven Central through the user's own Maven (so ~/.m2 caches them and any
 * mirror in ~/.m2/settings.xml applies). The plugin version is pinned for reproducible fetches.
 */
export const dependencyPlugin = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export async function runMaven(args: readonly string[], cwd: string, what: string): Promise<void> {
  const mvn = await requireTool(['mvn'], 'install Apache Maven 3.6+ (e.g. apt-get install maven) to fetch the stack');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(mvn, ['-B', '-ntp', ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.length > 400) output.splice(0, output.length - 400);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', reject);
    child.once('close', resolve);
  });
  if (code === 0) return;
  const tail = output
    .join('')
    .split('\n')
    .filter((line) => /ERROR|FAIL/.test(line))
    .slice(-8)
    .join('\n');
  throw new AppError(ErrorCode.FETCH, `Maven could not fetch ${what} (exit ${code}); is Maven Central reachable?\n${tail}`, {
    retriable: true,
    context: { what },
  });
}
