import { scriptArgs } from '../src/config/cli.ts';
import { runStackCli } from '../src/stack/cli.ts';

// Exit explicitly: HTTP keep-alive sockets would otherwise hold the process open for a while.
process.exit(await runStackCli(scriptArgs()));
