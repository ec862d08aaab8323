import { z } from 'zod';
import { type CliSpec, parseCli } from '../config/cli.ts';
import { brokersSchema, DEFAULT_KAFKA_BROKERS } from '../config/connections.ts';
import { TABLE_NAME } from '../db/table.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { ConsumerGroup } from '../kafka/groups.ts';
import { Topic } from '../kafka/topics.ts';

/**
 * Dashboard configuration, read with the one CLI parser (src/config/cli.ts): flags win over
 * environment variables, defaults live here only. Parsed once at the edge (scripts/dashboard.ts) and frozen.
 */
export const defaultMysqlUrl = 'mysql://streamsense:streamsense@127.0.0.1:13306/streamsense';

/** The classify and sink stages' default /metrics ports (src/classify/config.ts, src/sink/config.ts). */
export const defaultMetricsUrls = ['classify=http://127.0.0.1:9464/metrics', 'sink=http://127.0.0.1:9465/metrics'];

/** Consumer groups whose lag the health panel shows: the classify and sink stages'. */
export const defaultLagGroups = [`${ConsumerGroup.CLASSIFY}=${Topic.RAW}`, `${ConsumerGroup.SINK}=${Topic.CLASSIFIED}`];

/** Repeatable list options: comma-separated in env, repeated as flags; a lone "none" empties them. */
function optionList(values: readonly string[]): string[] {
  const list = values.map((s) => s.trim()).filter(Boolean);
  return list.length === 1 && list[0] === 'none' ? [] : list;
}
const listOf = (entry: z.ZodString, fallback: string[]) => z.array(z.string()).transform(optionList).pipe(z.array(entry)).default(fallback);

const lagEntry = z.string().regex(/^[^=\s]+=[A-Za-z0-9._-]+$/, 'expected group=topic');

const metricsEntry = z.string().regex(/^[A-Za-z0-9_.-]+=https?:\/\/\S+$/, 'expected name=http://host:port/path');

const frozen = <T>(list: T[]) => Object.freeze([...list]) as T[];

const schema = z
  .strictObject({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(3000),
    token: z.string().min(8, 'use at least 8 characters').optional(),
    mysqlUrl: z
      .string()
      .regex(/^mysql:\/\//, 'expected mysql://user:password@host:port/database')
      .default(defaultMysqlUrl),
    table: z.string().regex(TABLE_NAME, 'expected a plain table name').default('classifications'),
    pollMs: z.coerce.number().int().min(100).max(60_000).default(500),
    rollupRefreshMs: z.coerce.number().int().min(1000).max(3_600_000).default(60_000),
    searchRebuildMs: z.coerce.number().int().min(0).max(86_400_000).default(600_000),
    metricsUrls: listOf(metricsEntry, defaultMetricsUrls),
    brokers: brokersSchema,
    lagGroups: listOf(lagEntry, defaultLagGroups),
  })
  .transform((c) => ({ ...c, metricsUrls: frozen(c.metricsUrls), brokers: frozen(c.brokers), lagGroups: frozen(c.lagGroups) }));

export type DashboardConfig = Readonly<z.infer<typeof schema>>;

export const dashboardSpec = {
  command: 'npm run dashboard --',
  summary: 'Serves the live dashboard and its JSON API over the classifications table (docs/dashboard.md) until SIGINT/SIGTERM.',
  options: {
    host: { flag: 'host', env: 'STREAMSENSE_DASHBOARD_HOST', description: 'Address to bind', example: '127.0.0.1', default: '127.0.0.1' },
    port: { flag: 'port', env: 'STREAMSENSE_DASHBOARD_PORT', description: 'Port; 0 picks a free one', example: '3000', default: '3000' },
    token: {
      flag: 'token',
      env: 'STREAMSENSE_DASHBOARD_TOKEN',
      description: 'Require "Authorization: Bearer <token>" or ?token=<token> (default: none)',
      example: 'a-long-random-string',
    },
    mysqlUrl: {
      flag: 'mysql-url',
      env: 'MYSQL_URL',
      description: 'MySQL/MariaDB connection URL',
      example: defaultMysqlUrl,
      default: defaultMysqlUrl,
    },
    table: {
      flag: 'table',
      env: 'STREAMSENSE_DASHBOARD_TABLE',
      description: 'Table to read',
      example: 'classifications',
      default: 'classifications',
    },
    pollMs: { flag: 'poll-ms', env: 'STREAMSENSE_DASHBOARD_POLL_MS', description: 'Live poll interval', example: '500', default: '500' },
    rollupRefreshMs: {
      flag: 'rollup-refresh-ms',
      env: 'STREAMSENSE_DASHBOARD_ROLLUP_REFRESH_MS',
      description: 'Rebuild interval of the pre-aggregated counts behind 24 h / all',
      example: '60000',
      default: '60000',
    },
    searchRebuildMs: {
      flag: 'search-rebuild-ms',
      env: 'STREAMSENSE_DASHBOARD_SEARCH_REBUILD_MS',
      description: 'Rebuild interval of the in-memory text-search index; 0 turns it off (searches scan in SQL)',
      example: '600000',
      default: '600000',
    },
    metricsUrls: {
      flag: 'metrics-url',
      env: 'STREAMSENSE_METRICS_URLS',
      multiple: true,
      description:
        'A stage\'s metrics (Prometheus text or JSON) for the health panel, name=url; repeatable (env: comma separated); "none" for none',
      example: 'classify=http://127.0.0.1:9464/metrics',
      default: defaultMetricsUrls.join(','),
    },
    brokers: {
      flag: 'brokers',
      env: 'KAFKA_BROKERS',
      description: 'Kafka bootstrap servers for consumer lag, comma separated',
      example: DEFAULT_KAFKA_BROKERS,
      default: DEFAULT_KAFKA_BROKERS,
    },
    lagGroups: {
      flag: 'lag-group',
      env: 'STREAMSENSE_DASHBOARD_LAG_GROUPS',
      multiple: true,
      description:
        'A consumer group and the topic it reads, group=topic, whose lag the health panel shows; repeatable (env: comma separated); "none" for none',
      example: 'streamsense-sink=tweets.classified',
      default: defaultLagGroups.join(','),
    },
  },
  schema,
} satisfies CliSpec<z.ZodType>;

export type ParsedArgs = { help: true } | { help: false; config: DashboardConfig };

/** Throws AppError(CONFIG) listing every problem at once, or with the usage text for an unknown flag. */
export function parseDashboardConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ParsedArgs {
  const parsed = parseCli(dashboardSpec, argv, env);
  if ('help' in parsed) return { help: true };
  if (parsed.positionals.length > 0)
    throw new AppError(
      ErrorCode.CONFIG,
      `unexpected argument ${JSON.stringify(parsed.positionals[0])}; the dashboard takes options only (--help)`,
    );
  return { help: false, config: parsed.config };
}
