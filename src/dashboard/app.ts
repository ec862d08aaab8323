/**
 * Runs the dashboard until SIGINT/SIGTERM: serves the page and JSON API over the
 * classifications table (docs/dashboard.md), then closes the server and its pool.
 */
import type { SecurityConfig } from '../config/security.ts';
import { describeError } from '../errors/app-error.ts';
import type { Logger } from '../telemetry/log.ts';
import type { DashboardConfig } from './config.ts';
import { startDashboard } from './server.ts';

/** Resolves 0 after a clean stop on a signal, 1 when closing failed. */
export async function dashboard(config: DashboardConfig, deps: { log: Logger; security: SecurityConfig }): Promise<number> {
  const { log } = deps;
  const server = await startDashboard(config, { log, security: deps.security });
  log.info('dashboard listening', { url: server.url.href, table: config.table, token: config.token ? 'required' : 'none' });
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  log.info('stopping', { signal });
  try {
    await server.close();
    return 0;
  } catch (error) {
    log.error('unclean stop', { error: describeError(error) });
    return 1;
  }
}
