/**
 * Live dashboard: `npm run dashboard -- --help`. Serves the page and JSON API over the
 * classifications table (docs/dashboard.md) until SIGINT/SIGTERM.
 */
import { securityFromEnv } from '../src/config/security.ts';
import { dashboard } from '../src/dashboard/app.ts';
import { dashboardHelp, parseDashboardConfig } from '../src/dashboard/config.ts';
import { describeError, isAppError } from '../src/errors/app-error.ts';
import { createLogger } from '../src/telemetry/log.ts';

const log = createLogger('dashboard');

async function run(): Promise<number> {
  const parsed = parseDashboardConfig(process.argv.slice(2), process.env);
  if (parsed.help) {
    process.stdout.write(dashboardHelp);
    return 0;
  }
  return dashboard(parsed.config, { log, security: securityFromEnv() });
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log.error(isAppError(error) ? error.message : describeError(error), isAppError(error) ? { code: error.code } : {});
    process.exit(1);
  },
);
