import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { schemasSpec } from '../src/schemas/cli/config.ts';
import { runSchemasCommand } from '../src/schemas/cli/run.ts';

await runScript(schemasSpec, (config, positionals) =>
  runSchemasCommand(config, positionals, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    registryAuth: securityFromEnv().registry.auth,
  }),
);
