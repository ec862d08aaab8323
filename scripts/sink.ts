import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { sink } from '../src/sink/app.ts';
import { sinkSpec } from '../src/sink/config.ts';
import { runStage } from '../src/telemetry/stage-main.ts';

await runScript(sinkSpec, (config) =>
  runStage('sink', config.metricsPort, (deps) => sink(config, { ...deps, security: securityFromEnv() })),
);
