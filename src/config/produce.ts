import { z } from 'zod';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../contracts/limits.ts';
import { Topic } from '../kafka/topics.ts';
import { FILE_FORMATS } from '../produce/sources/file.ts';
import { brokersSchema, intFrom, kafkaOptions, registryUrlSchema } from './connections.ts';
import type { CliSpec } from './cli.ts';

export const DEFAULT_SAMPLE = 'data/sample/tweets.jsonl';

export const produceSpec = {
  command: 'tsx scripts/produce.ts',
  summary:
    'Reads posts from a source (file, stdin or the X API v2 filtered stream), validates each and writes them as Avro to tweets.raw keyed by post id. Invalid input goes to tweets.raw.dlq with the reason.',
  options: {
    source: { flag: 'source', env: 'PRODUCE_SOURCE', description: 'Where posts come from: file | stdin | x', example: 'file', default: 'file' },
    file: { flag: 'file', env: 'PRODUCE_FILE', description: 'Input file for --source file (JSONL, CSV or X API v2 JSON)', example: DEFAULT_SAMPLE, default: DEFAULT_SAMPLE },
    format: { flag: 'format', env: 'PRODUCE_FORMAT', description: `File format: ${FILE_FORMATS.join(' | ')} (auto: by extension)`, default: 'auto' },
    rate: { flag: 'rate', env: 'PRODUCE_RATE', description: 'Posts per second; 0 = as fast as possible', example: '50', default: '0' },
    loop: { flag: 'loop', env: 'PRODUCE_LOOP', type: 'boolean', description: 'Replay the file forever; later passes get ids suffixed -r<pass>' },
    count: { flag: 'count', env: 'PRODUCE_COUNT', description: 'Stop after reading this many items; 0 = no limit', default: '0' },
    batchSize: { flag: 'batch-size', env: 'PRODUCE_BATCH_SIZE', description: 'Messages per Kafka send', default: '500' },
    lingerMs: { flag: 'linger-ms', env: 'PRODUCE_LINGER_MS', description: 'Flush a partial batch after this many ms', default: '50' },
    rules: { flag: 'rule', env: 'X_RULES', multiple: true, description: 'X filtered-stream rule (repeat the flag; env: comma separated)', example: '"covid lang:en -is:retweet"' },
    bearerToken: { flag: 'bearer-token', env: 'X_BEARER_TOKEN', description: 'X API bearer token (prefer the env variable)' },
    xBaseUrl: { flag: 'x-base-url', env: 'X_API_BASE_URL', description: 'X API base URL', default: 'https://api.x.com' },
    topic: { flag: 'topic', env: 'PRODUCE_TOPIC', description: 'Target topic', default: Topic.RAW },
    dlqTopic: { flag: 'dlq-topic', env: 'PRODUCE_DLQ_TOPIC', description: 'Dead-letter topic for invalid input', default: Topic.RAW_DLQ },
    maxFutureSkewMs: { flag: 'max-future-skew-ms', env: 'PRODUCE_MAX_FUTURE_SKEW_MS', description: 'Dead-letter posts whose created_at is more than this far in the future', default: String(DEFAULT_MAX_FUTURE_SKEW_MS) },
    ...kafkaOptions,
  },
  schema: z
    .object({
      source: z.enum(['file', 'stdin', 'x']).default('file'),
      file: z.string().min(1).default(DEFAULT_SAMPLE),
      format: z.enum(FILE_FORMATS).default('auto'),
      rate: z.coerce.number().min(0).max(1_000_000).default(0),
      loop: z.boolean().default(false),
      count: intFrom(0, Number.MAX_SAFE_INTEGER).default(0),
      batchSize: intFrom(1, 10_000).default(500),
      lingerMs: intFrom(1, 60_000).default(50),
      rules: z.array(z.string().min(1)).default([]),
      bearerToken: z.string().optional(),
      xBaseUrl: z.url().default('https://api.x.com'),
      topic: z.string().min(1).default(Topic.RAW),
      dlqTopic: z.string().min(1).default(Topic.RAW_DLQ),
      maxFutureSkewMs: intFrom(0, 365 * 86_400_000).default(DEFAULT_MAX_FUTURE_SKEW_MS),
      brokers: brokersSchema,
      registryUrl: registryUrlSchema,
    })
    .strict()
    .superRefine((c, ctx) => {
      if (c.source === 'x' && !c.bearerToken) ctx.addIssue({ code: 'custom', path: ['bearerToken'], message: 'required for --source x' });
      if (c.source === 'x' && c.rules.length === 0) ctx.addIssue({ code: 'custom', path: ['rules'], message: 'give at least one --rule for --source x' });
    }),
} satisfies CliSpec<z.ZodType>;

export type ProduceConfig = z.infer<typeof produceSpec.schema>;
