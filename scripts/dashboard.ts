/**
 * Live dashboard: `npm run dashboard -- --help`. Serves the page and JSON API over the
 * classifications table (docs/dashboard.md) until SIGINT/SIGTERM.
 */
import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { dashboard } from '../src/dashboard/app.ts';
import { dashboardSpec } from '../src/dashboard/config.ts';
import { createLogger } from '../src/telemetry/log.ts';

await runScript(dashboardSpec, (config) => dashboard(config, { log: createLogger('dashboard'), security: securityFromEnv() }));
