import { parseArgs } from 'node:util';
import { z } from 'zod';
import { brokersSchema, DEFAULT_KAFKA_BROKERS } from '../config/connections.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { ConsumerGroup } from '../kafka/groups.ts';
import { Topic } from '../kafka/topics.ts';
import { TABLE_NAME } from '../db/table.ts';

/**
 * Dashboard configuration: flags win over environment variables, defaults live here only.
 * Parsed once at the edge (scripts/dashboard.ts) and frozen.
 */
export const defaultMysqlUrl = 'mysql://streamsense:streamsense@127.0.0.1:13306/streamsense';

/** The classify and sink stages' default /metrics ports (src/config/classify.ts, sink.ts). */
export const defaultMetricsUrls = ['classify=http://127.0.0.1:9464/metrics', 'sink=http://127.0.0.1:9465/metrics'];

/** Consumer groups whose lag the health panel shows: the classify and sink stages'. */
export const defaultLagGroups = [`${ConsumerGroup.CLASSIFY}=${Topic.RAW}`, `${ConsumerGroup.SINK}=${Topic.CLASSIFIED}`];

const lagEntry = z.string().regex(/^[^=\s]+=[A-Za-z0-9._-]+$/, 'expected group=topic');

const metricsEntry = z.string().regex(/^[A-Za-z0-9_.-]+=https?:\/\/\S+$/, 'expected name=http://host:port/path');

const schema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(3000),
  token: z.string().min(8, 'use at least 8 characters').optional(),
  mysqlUrl: z.string().regex(/^mysql:\/\//, 'expected mysql://user:password@host:port/database').default(defaultMysqlUrl),
  table: z.string().regex(TABLE_NAME, 'expected a plain table name').default('classifications'),
  pollMs: z.coerce.number().int().min(100).max(60_000).default(500),
  rollupRefreshMs: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
  searchRebuildMs: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
  metricsUrls: z.array(metricsEntry).default(defaultMetricsUrls),
  brokers: brokersSchema,
  lagGroups: z.array(lagEntry).default(defaultLagGroups),
});

export type DashboardConfig = Readonly<z.infer<typeof schema>>;

/** Which flag and environment variable feed each key, with a good example for error messages. */
const sources = {
  host: { flag: '--host', env: 'STREAMSENSE_DASHBOARD_HOST', example: '127.0.0.1' },
  port: { flag: '--port', env: 'STREAMSENSE_DASHBOARD_PORT', example: '3000' },
  token: { flag: '--token', env: 'STREAMSENSE_DASHBOARD_TOKEN', example: 'a-long-random-string' },
  mysqlUrl: { flag: '--mysql-url', env: 'MYSQL_URL', example: defaultMysqlUrl },
  table: { flag: '--table', env: 'STREAMSENSE_DASHBOARD_TABLE', example: 'classifications' },
  pollMs: { flag: '--poll-ms', env: 'STREAMSENSE_DASHBOARD_POLL_MS', example: '500' },
  rollupRefreshMs: { flag: '--rollup-refresh-ms', env: 'STREAMSENSE_DASHBOARD_ROLLUP_REFRESH_MS', example: '60000' },
  searchRebuildMs: { flag: '--search-rebuild-ms', env: 'STREAMSENSE_DASHBOARD_SEARCH_REBUILD_MS', example: '600000' },
  metricsUrls: { flag: '--metrics-url', env: 'STREAMSENSE_METRICS_URLS', example: 'classify=http://127.0.0.1:9464/metrics' },
  brokers: { flag: '--brokers', env: 'KAFKA_BROKERS', example: DEFAULT_KAFKA_BROKERS },
  lagGroups: { flag: '--lag-group', env: 'STREAMSENSE_DASHBOARD_LAG_GROUPS', example: 'streamsense-sink=tweets.classified' },
} as const;

export const dashboardHelp = `Usage: npm run dashboard -- [options]

Serves the live dashboard and its JSON API (docs/dashboard.md).

Options (environment variable in brackets):
  --host <addr>          address to bind [STREAMSENSE_DASHBOARD_HOST] (default 127.0.0.1)
  --port <n>             port, 0 picks a free one [STREAMSENSE_DASHBOARD_PORT] (default 3000)
  --token <secret>       require "Authorization: Bearer <secret>" or ?token=<secret>
                         [STREAMSENSE_DASHBOARD_TOKEN] (default: none)
  --mysql-url <url>      [MYSQL_URL] (default ${defaultMysqlUrl})
  --table <name>         table to read [STREAMSENSE_DASHBOARD_TABLE] (default classifications)
  --poll-ms <n>          live poll interval [STREAMSENSE_DASHBOARD_POLL_MS] (default 500)
  --rollup-refresh-ms <n>  rebuild interval of the pre-aggregated counts behind 24 h / all
                         [STREAMSENSE_DASHBOARD_ROLLUP_REFRESH_MS] (default 60000)
  --search-rebuild-ms <n>  rebuild interval of the in-memory text-search index; 0 turns it
                         off (searches scan in SQL) [STREAMSENSE_DASHBOARD_SEARCH_REBUILD_MS]
                         (default 600000)
  --metrics-url <n=url>  a pipeline stage's metrics (Prometheus text or JSON) for the
                         health panel; repeatable [STREAMSENSE_METRICS_URLS, comma-separated]
                         (default classify=http://127.0.0.1:9464/metrics,
                          sink=http://127.0.0.1:9465/metrics; "none" for none)
  --brokers <list>       Kafka bootstrap servers for consumer lag [KAFKA_BROKERS]
                         (default ${DEFAULT_KAFKA_BROKERS})
  --lag-group <g=topic>  a consumer group and the topic it reads, whose lag the health
                         panel shows; repeatable [STREAMSENSE_DASHBOARD_LAG_GROUPS,
                         comma-separated] (default streamsense-classify=tweets.raw,
                          streamsense-sink=tweets.classified; "none" for none)
  --help                 show this text
`;

type Env = Record<string, string | undefined>;

/** Repeatable list options: comma-separated in env, repeated as flags; a lone "none" empties them. */
const listKeys = new Set(['metricsUrls', 'lagGroups']);

function optionList(values: readonly string[]): string[] {
  const list = values.map((s) => s.trim()).filter(Boolean);
  return list.length === 1 && list[0] === 'none' ? [] : list;
}

function fromEnv(env: Env): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, source] of Object.entries(sources)) {
    const value = env[source.env];
    if (value === undefined || value === '') continue;
    raw[key] = listKeys.has(key) ? optionList(value.split(',')) : value;
  }
  return raw;
}

function fromArgs(argv: readonly string[]): { raw: Record<string, unknown>; help: boolean } {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      host: { type: 'string' }, port: { type: 'string' }, token: { type: 'string' },
      'mysql-url': { type: 'string' }, table: { type: 'string' }, 'poll-ms': { type: 'string' },
      'rollup-refresh-ms': { type: 'string' }, 'search-rebuild-ms': { type: 'string' },
      'metrics-url': { type: 'string', multiple: true }, brokers: { type: 'string' },
      'lag-group': { type: 'string', multiple: true }, help: { type: 'boolean' },
    },
  });
  const raw: Record<string, unknown> = {
    host: values.host, port: values.port, token: values.token, mysqlUrl: values['mysql-url'],
    table: values.table, pollMs: values['poll-ms'], rollupRefreshMs: values['rollup-refresh-ms'], searchRebuildMs: values['search-rebuild-ms'],
    metricsUrls: values['metrics-url'] && optionList(values['metrics-url']),
    brokers: values.brokers, lagGroups: values['lag-group'] && optionList(values['lag-group']),
  };
  for (const key of Object.keys(raw)) if (raw[key] === undefined) delete raw[key];
  return { raw, help: values.help ?? false };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const key = String(issue.path[0]) as keyof typeof sources;
      const source = sources[key];
      if (!source) return `- ${issue.message}`;
      return `- ${source.flag} / ${source.env}: ${issue.message} (e.g. ${source.example})`;
    })
    .join('\n');
}

export type ParsedArgs = { help: true } | { help: false; config: DashboardConfig };

/** Throws AppError(CONFIG) listing every problem at once. */
export function parseDashboardConfig(argv: readonly string[], env: Env): ParsedArgs {
  let args: ReturnType<typeof fromArgs>;
  try {
    args = fromArgs(argv);
  } catch (error) {
    throw new AppError(ErrorCode.CONFIG, `${(error as Error).message}\n\n${dashboardHelp}`, { cause: error });
  }
  if (args.help) return { help: true };
  const result = schema.safeParse({ ...fromEnv(env), ...args.raw });
  if (!result.success) {
    throw new AppError(ErrorCode.CONFIG, `invalid dashboard configuration:\n${describeIssues(result.error.issues)}`);
  }
  const { metricsUrls, brokers, lagGroups } = result.data;
  const frozen = <T>(list: T[]) => Object.freeze([...list]) as T[];
  return { help: false, config: Object.freeze({ ...result.data, metricsUrls: frozen(metricsUrls), brokers: frozen(brokers), lagGroups: frozen(lagGroups) }) };
}
