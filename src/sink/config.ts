import { z } from 'zod';
import type { CliSpec } from '../config/cli.ts';
import { brokersSchema, intFrom, kafkaOptions, mysqlOptions, mysqlUrlSchema, registryUrlSchema } from '../config/connections.ts';
import { TABLE_NAME } from '../db/table.ts';
import { ConsumerGroup } from '../kafka/groups.ts';
import { Topic } from '../kafka/topics.ts';

export const sinkSpec = {
  command: 'tsx scripts/sink.ts',
  summary:
    'Consumes tweets.classified in windows across partitions and upserts each window into MySQL in one transaction (multi-row INSERT ... ON DUPLICATE KEY UPDATE on the post id), committing offsets only after the database commit. Creates its tables by migration at start.',
  options: {
    batchSize: {
      flag: 'batch-size',
      env: 'SINK_BATCH_SIZE',
      description: 'Max rows per window: one database transaction across the partitions of a fetch, then one offset commit',
      default: '1000',
    },
    windowWaitMs: {
      flag: 'window-wait-ms',
      env: 'SINK_WINDOW_WAIT_MS',
      description: 'Max time a fetched result waits for its window to fill (a window also closes when no more fetched results are pending)',
      default: '50',
    },
    maxWaitMs: {
      flag: 'max-wait-ms',
      env: 'SINK_MAX_WAIT_MS',
      description: 'Max time the broker holds a fetch to fill a batch',
      default: '100',
    },
    groupId: { flag: 'group', env: 'SINK_GROUP', description: 'Consumer group', default: ConsumerGroup.SINK },
    inputTopic: { flag: 'input-topic', env: 'SINK_INPUT_TOPIC', description: 'Topic to read', default: Topic.CLASSIFIED },
    dlqTopic: {
      flag: 'dlq-topic',
      env: 'SINK_DLQ_TOPIC',
      description: 'Dead-letter topic for records that cannot be written',
      default: Topic.CLASSIFIED_DLQ,
    },
    table: { flag: 'table', env: 'SINK_TABLE', description: 'Target table', default: 'classifications' },
    metricsPort: {
      flag: 'metrics-port',
      env: 'SINK_METRICS_PORT',
      description: '/healthz and /metrics port; -1 disables',
      default: '9465',
    },
    idleExitMs: {
      flag: 'idle-exit-ms',
      env: 'SINK_IDLE_EXIT_MS',
      description: 'Exit after this long with no new records; 0 = run until stopped',
      default: '0',
    },
    ...kafkaOptions,
    ...mysqlOptions,
  },
  schema: z
    .object({
      batchSize: intFrom(1, 10_000).default(1000),
      windowWaitMs: intFrom(0, 60_000).default(50),
      maxWaitMs: intFrom(1, 60_000).default(100),
      groupId: z.string().min(1).default(ConsumerGroup.SINK),
      inputTopic: z.string().min(1).default(Topic.CLASSIFIED),
      dlqTopic: z.string().min(1).default(Topic.CLASSIFIED_DLQ),
      table: z.string().regex(TABLE_NAME, 'letters, digits and _ only').default('classifications'),
      metricsPort: intFrom(-1, 65_535).default(9465),
      idleExitMs: intFrom(0, 86_400_000).default(0),
      brokers: brokersSchema,
      registryUrl: registryUrlSchema,
      mysqlUrl: mysqlUrlSchema,
    })
    .strict(),
} satisfies CliSpec<z.ZodType>;

export type SinkConfig = z.infer<typeof sinkSpec.schema>;
