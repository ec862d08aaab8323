import { classify } from '../src/classify/app.ts';
import { classifySpec } from '../src/classify/config.ts';
import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { runStage } from '../src/telemetry/stage-main.ts';

await runScript(classifySpec, (config) =>
  runStage('classify', config.metricsPort, (deps) => classify(config, { ...deps, security: securityFromEnv() })),
);
