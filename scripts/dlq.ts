import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { runDlqCommand } from '../src/dlq/app.ts';
import { dlqSpec } from '../src/dlq/config.ts';

await runScript(dlqSpec, (config, positionals) => runDlqCommand(positionals[0], config, securityFromEnv()));
