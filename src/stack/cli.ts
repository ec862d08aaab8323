/** `npm run stack -- <command>`: the command line (through the one CLI parser) and output; the work is in ./index.ts. */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type CliSpec, parseCli } from '../config/cli.ts';
import { AppError, describeError, ErrorCode, isAppError } from '../errors/app-error.ts';
import { loadStackConfig, type StackConfig } from './config.ts';
import { type ServiceStatus, stackDown, stackFetch, stackLogFile, stackReset, stackStatus, stackUp } from './index.ts';
import { type NodeName, serviceNames } from './paths.ts';

const summary = `(or: npx tsx scripts/stack.ts <command>)

Runs the local services streamsense needs, all on 127.0.0.1, with data under .stack/:
  Kafka (KRaft, one node)   kafka://127.0.0.1:19092
    or with --brokers 3 a 3-node cluster   kafka://127.0.0.1:19092,19094,19096 (RF 3, min ISR 2)
  Schema registry (Apicurio, Confluent-compatible API)   http://127.0.0.1:18081/apis/ccompat/v7
  MariaDB (or the MySQL in MYSQL_URL)   mysql://streamsense:***@127.0.0.1:13306/streamsense`;

const notes = `Environment (defaults in brackets):
  STREAMSENSE_STACK_DIR [.stack]            STREAMSENSE_PARTITIONS [6]
  STREAMSENSE_BROKERS [1]                   Kafka nodes, as --brokers
  STREAMSENSE_KAFKA_PORT [19092]            STREAMSENSE_KAFKA_CONTROLLER_PORT [19093]
  STREAMSENSE_REGISTRY_PORT [18081]         STREAMSENSE_REGISTRY_MANAGEMENT_PORT [18082]
  STREAMSENSE_MYSQL_PORT [13306]
  STREAMSENSE_KAFKA_VERSION [4.1.1]         STREAMSENSE_REGISTRY_VERSION [3.3.3]
  STREAMSENSE_KAFKA_HEAP [512m; 384m/node]  STREAMSENSE_REGISTRY_HEAP [384m]
  STREAMSENSE_REGISTRY_JAVA_HOME            a Java 21+ for the registry (default: searched)
  STREAMSENSE_STACK_TIMEOUT_MS [180000]     how long 'up' waits for each service
  MYSQL_URL                                 use this MySQL instead of starting MariaDB
  STREAMSENSE_NO_INSTALL=1                  never install missing system packages (MariaDB, Java,
                                            Maven) with apt-get; fail with the command instead
  STREAMSENSE_TOOL_PATH                     dirs searched for mariadbd, java, mvn, ... [PATH + sbin dirs]
See docs/stack.md.`;

/**
 * The stack's flags; its environment is read by loadStackConfig. `--brokers` is the flag form of
 * STREAMSENSE_BROKERS and is validated with it there, so it stays a string here.
 */
export const stackCliSpec = {
  command: 'npm run stack --',
  summary,
  options: {
    brokers: {
      flag: 'brokers',
      description: "Kafka nodes; N > 1 runs a KRaft cluster (default: what the last 'up' started, else 1)",
      example: '3',
    },
  },
  commands: {
    fetch: { summary: 'download Kafka jars and the registry into .stack/ (idempotent, starts nothing)' },
    up: {
      summary:
        'install missing system packages (as root, with apt-get), fetch if needed,\nstart what is not running, create topics, wait until ready (--brokers N for a cluster)',
    },
    down: { summary: "stop the processes 'up' started (SIGTERM, then SIGKILL after a grace period)" },
    status: {
      summary: 'show each service; exits 1 if any is not healthy',
      options: { json: { flag: 'json', type: 'boolean', description: 'print the services as JSON' } },
    },
    logs: {
      summary: `print a service's log: ${serviceNames.join(' | ')} | kafka-<id>`,
      positionals: '<service>',
      options: { lines: { flag: 'lines', description: 'only the last N lines (0: all)', example: '50' } },
    },
    reset: { summary: 'down, then delete all data (topics, schemas, tables); downloads are kept' },
  },
  schema: z.strictObject({
    brokers: z.string().optional(),
    json: z.boolean().default(false),
    lines: z.coerce.number().int().min(0).default(0),
  }),
  notes,
} satisfies CliSpec<z.ZodType>;

type StackCli = z.infer<typeof stackCliSpec.schema>;

const out = (line: string) => process.stdout.write(`${line}\n`);

export async function runStackCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const parsed = parseCli(stackCliSpec, argv, env);
    if ('help' in parsed) {
      out(parsed.help);
      return 0;
    }
    const { brokers } = parsed.config;
    const config = loadStackConfig(brokers === undefined ? env : { ...env, STREAMSENSE_BROKERS: brokers });
    return await dispatch(config, parsed.command!, parsed.config, parsed.positionals);
  } catch (error) {
    return fail(error);
  }
}

async function dispatch(config: StackConfig, command: string, cli: StackCli, args: readonly string[]): Promise<number> {
  switch (command) {
    case 'fetch':
      return timed('fetch', () => stackFetch(config, { report: out }));
    case 'up':
      return timed('up', () => stackUp(config, { report: out }));
    case 'down':
      return timed('down', () => stackDown(config, { report: out }));
    case 'reset':
      return timed('reset', () => stackReset(config, { report: out }));
    case 'status':
      return printStatus(await stackStatus(config), cli.json);
    case 'logs':
      return printLogs(config, args[0], cli.lines);
    default:
      throw new AppError(ErrorCode.INVALID_INPUT, `unknown command '${command}'; run with --help to see the commands`);
  }
}

async function timed(name: string, fn: () => Promise<unknown>): Promise<number> {
  const started = Date.now();
  await fn();
  out(`${name} done in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return 0;
}

function printStatus(services: readonly ServiceStatus[], json: boolean): number {
  if (json) out(JSON.stringify(services, null, 2));
  else {
    const rows = [
      ['SERVICE', 'STATE', 'PID', 'HEALTHY', 'URL'],
      ...services.map((s) => [
        s.name,
        s.state,
        s.pid === null ? '-' : String(s.pid),
        s.healthy ? 'yes' : `no${s.detail ? ` (${s.detail})` : ''}`,
        s.url,
      ]),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    for (const row of rows) out(row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join('  '));
  }
  return services.every((s) => s.healthy) ? 0 : 1;
}

async function printLogs(config: StackConfig, name: string | undefined, lines: number): Promise<number> {
  if (!name || !isNodeName(name)) {
    throw new AppError(ErrorCode.INVALID_INPUT, `logs needs a service name: ${serviceNames.join(' | ')} | kafka-<id> (a cluster node)`);
  }
  const file = stackLogFile(config, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new AppError(ErrorCode.INVALID_INPUT, `no log yet at ${file}; has '${name}' been started with 'up'?`);
  }
  const all = text.trimEnd().split('\n');
  out(all.slice(lines > 0 ? -lines : 0).join('\n'));
  return 0;
}

function isNodeName(name: string): name is NodeName {
  return (serviceNames as readonly string[]).includes(name) || /^kafka-[1-9]\d*$/.test(name);
}

function fail(error: unknown): number {
  if (isAppError(error)) {
    process.stderr.write(`stack: ${error.code}: ${error.message}\n`);
    if (process.env.LOG_LEVEL === 'debug' && error.cause) process.stderr.write(`cause: ${describeError(error.cause)}\n`);
    return error.code === ErrorCode.CONFIG || error.code === ErrorCode.INVALID_INPUT ? 2 : 1;
  }
  process.stderr.write(`stack: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
}
