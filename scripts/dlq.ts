import { dlqSpec } from '../src/config/dlq.ts';
import { runScript } from '../src/config/script.ts';
import { runDlqCommand } from '../src/dlq/commands.ts';

await runScript(dlqSpec, (config, positionals) => runDlqCommand(positionals[0], config));
