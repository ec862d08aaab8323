import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The page's files, read once at start. A fixed map from URL path to file: nothing from the
 * request ever reaches the filesystem. Chart.js is served from node_modules (no CDN).
 */
export interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly cacheControl: string;
}

const here = dirname(fileURLToPath(import.meta.url));

function chartJsPath(): string {
  const entry = createRequire(import.meta.url).resolve('chart.js');
  return join(dirname(entry), 'chart.umd.min.js');
}

export async function loadStaticFiles(): Promise<Map<string, StaticFile>> {
  const page = (name: string, type: string) => ({ path: join(here, 'static', name), type, cacheControl: 'no-cache' });
  const entries: Record<string, { path: string; type: string; cacheControl: string }> = {
    '/': page('index.html', 'text/html; charset=utf-8'),
    '/app.js': page('app.js', 'text/javascript; charset=utf-8'),
    '/style.css': page('style.css', 'text/css; charset=utf-8'),
    '/favicon.svg': page('favicon.svg', 'image/svg+xml'),
    '/vendor/chart.umd.js': { path: chartJsPath(), type: 'text/javascript; charset=utf-8', cacheControl: 'public, max-age=86400' },
  };
  const files = new Map<string, StaticFile>();
  for (const [route, entry] of Object.entries(entries)) {
    files.set(route, { body: await readFile(entry.path), type: entry.type, cacheControl: entry.cacheControl });
  }
  return files;
}
