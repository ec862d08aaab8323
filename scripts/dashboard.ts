/**
 * Live dashboard: `npm run dashboard -- --help`. Serves the page and JSON API over the
 * classifications table (docs/dashboard.md) until SIGINT/SIGTERM.
 */
import { describeError, isAppError } from '../src/errors/app-error.ts';
import { dashboardHelp, parseDashboardConfig } from '../src/dashboard/config.ts';
import { startDashboard } from '../src/dashboard/server.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { createLogger } from '../src/telemetry/log.ts';

const log = createLogger('dashboard');

async function run(): Promise<void> {
  const parsed = parseDashboardConfig(process.argv.slice(2), process.env);
  if (parsed.help) {
    process.stdout.write(dashboardHelp);
    return;
  }
  const { config } = parsed;
  const dashboard = await startDashboard(config, { log, security: securityFromEnv() });
  log.info('dashboard listening', { url: dashboard.url.href, table: config.table, token: config.token ? 'required' : 'none' });
  const stop = (signal: string) => {
    log.info('stopping', { signal });
    dashboard.close().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('unclean stop', { error: describeError(error) });
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

run().catch((error: unknown) => {
  log.error(isAppError(error) ? error.message : describeError(error), isAppError(error) ? { code: error.code } : {});
  process.exit(1);
});
