import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { startSpec } from '../src/start/config.ts';
import { runAll } from '../src/start/run.ts';
import { shutdownSignal } from '../src/telemetry/shutdown.ts';

await runScript(startSpec, (config) =>
  runAll(
    config,
    shutdownSignal((s) => process.stderr.write(`\n${s}: stopping classify, sink and the dashboard...\n`)),
    securityFromEnv(),
  ),
);
