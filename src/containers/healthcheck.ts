/**
 * The image's HEALTHCHECK (Dockerfile): exit 0 when the component in this container answers its
 * health endpoint with 2xx (or has none), 1 otherwise.
 */
import { readFileSync } from 'node:fs';
import { healthTarget, parseCmdline } from './health-target.ts';

const TIMEOUT_MS = 4_000;

async function main(): Promise<number> {
  const { component, args } = parseCmdline(readFileSync('/proc/1/cmdline', 'utf8'));
  const target = healthTarget(component, args, process.env);
  if (!target) return 0;
  try {
    const response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(TIMEOUT_MS) });
    process.stdout.write(`${component} ${target.url} -> ${response.status}\n`);
    return response.ok ? 0 : 1;
  } catch (error) {
    process.stdout.write(`${component} ${target.url} -> ${(error as Error).message}\n`);
    return 1;
  }
}

process.exitCode = await main();
