import { z } from 'zod';
import type { CliSpec } from '../config/cli.ts';
import { brokersSchema, intFrom, kafkaOptions, languageList, registryUrlSchema } from '../config/connections.ts';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../contracts/limits.ts';
import { Topic } from '../kafka/topics.ts';
import { FILE_FORMATS } from './sources/file.ts';

export const DEFAULT_SAMPLE = 'data/sample/tweets.jsonl';
export const PRODUCE_SOURCES = ['file', 'stdin', 'x', 'bluesky', 'mastodon'] as const;
export const MASTODON_STREAMS = ['public', 'public:local', 'hashtag', 'hashtag:local'] as const;

export const produceSpec = {
  command: 'tsx scripts/produce.ts',
  summary:
    'Reads posts from a source (file, stdin, the X API v2 filtered stream, Bluesky Jetstream or Mastodon streaming), validates each and writes them as Avro to tweets.raw keyed by post id (a URI for Bluesky and Mastodon); deletes become tombstones. Invalid input goes to tweets.raw.dlq with the reason.',
  options: {
    source: {
      flag: 'source',
      env: 'PRODUCE_SOURCE',
      description: 'Where posts come from: file | stdin | x | bluesky | mastodon (docs/sources.md)',
      example: 'bluesky',
      default: 'file',
    },
    file: {
      flag: 'file',
      env: 'PRODUCE_FILE',
      description: 'Input file for --source file (JSONL, CSV or X API v2 JSON)',
      example: DEFAULT_SAMPLE,
      default: DEFAULT_SAMPLE,
    },
    format: {
      flag: 'format',
      env: 'PRODUCE_FORMAT',
      description: `File format: ${FILE_FORMATS.join(' | ')} (auto: by extension)`,
      default: 'auto',
    },
    rate: { flag: 'rate', env: 'PRODUCE_RATE', description: 'Posts per second; 0 = as fast as possible', example: '50', default: '0' },
    loop: {
      flag: 'loop',
      env: 'PRODUCE_LOOP',
      type: 'boolean',
      description: 'Replay the file forever; later passes get ids suffixed -r<pass>',
    },
    count: { flag: 'count', env: 'PRODUCE_COUNT', description: 'Stop after reading this many items; 0 = no limit', default: '0' },
    batchSize: { flag: 'batch-size', env: 'PRODUCE_BATCH_SIZE', description: 'Messages per Kafka send', default: '500' },
    lingerMs: { flag: 'linger-ms', env: 'PRODUCE_LINGER_MS', description: 'Flush a partial batch after this many ms', default: '50' },
    rules: {
      flag: 'rule',
      env: 'X_RULES',
      multiple: true,
      description: 'X filtered-stream rule (repeat the flag; env: comma separated)',
      example: '"covid lang:en -is:retweet"',
    },
    bearerToken: { flag: 'bearer-token', env: 'X_BEARER_TOKEN', description: 'X API bearer token (prefer the env variable)' },
    xBaseUrl: { flag: 'x-base-url', env: 'X_API_BASE_URL', description: 'X API base URL', default: 'https://api.x.com' },
    lang: {
      flag: 'lang',
      env: 'PRODUCE_LANG',
      description:
        'bluesky, mastodon: keep posts in these languages (comma separated primary subtags; * = all). Posts that name no language pass',
      default: 'en',
    },
    keywords: {
      flag: 'keyword',
      env: 'PRODUCE_KEYWORDS',
      multiple: true,
      description: 'bluesky, mastodon: keep only posts holding one of these words or hashtags (repeat the flag; env: comma separated)',
      example: 'vaccine',
    },
    jetstreamUrl: {
      flag: 'jetstream-url',
      env: 'BLUESKY_JETSTREAM_URL',
      description: 'bluesky: Jetstream subscribe endpoint',
      default: 'wss://jetstream1.us-east.bsky.network/subscribe',
    },
    dids: {
      flag: 'did',
      env: 'BLUESKY_DIDS',
      multiple: true,
      description: 'bluesky: only posts by this DID (repeat the flag; env: comma separated)',
      example: 'did:plc:z72i7hdynmk6r22z27h6tvur',
    },
    rewindMs: {
      flag: 'rewind-ms',
      env: 'BLUESKY_REWIND_MS',
      description: 'bluesky: resume this long before the stored cursor (duplicates are harmless, gaps are not)',
      default: '5000',
    },
    instance: {
      flag: 'instance',
      env: 'MASTODON_INSTANCE',
      description: "mastodon: the instance's base URL",
      example: 'https://mastodon.social',
    },
    mastodonToken: {
      flag: 'mastodon-token',
      env: 'MASTODON_TOKEN',
      description: 'mastodon: a user access token for the instance (prefer the env variable; streaming needs one since Mastodon 4.2)',
    },
    accounts: {
      flag: 'account',
      env: 'MASTODON_ACCOUNTS',
      multiple: true,
      description: 'mastodon: only statuses by this account (acct: user, or user@domain for remote; repeat the flag; env: comma separated)',
      example: 'Gargron',
    },
    stream: {
      flag: 'stream',
      env: 'MASTODON_STREAM',
      description: 'mastodon: public | public:local | hashtag | hashtag:local',
      default: 'public',
    },
    hashtag: {
      flag: 'hashtag',
      env: 'MASTODON_HASHTAG',
      description: 'mastodon: the tag for --stream hashtag (without #)',
      example: 'climate',
    },
    stallTimeoutMs: {
      flag: 'stall-timeout-ms',
      env: 'PRODUCE_STALL_TIMEOUT_MS',
      description: 'bluesky, mastodon: reconnect when no frame or pong arrived for this long',
      default: '60000',
    },
    stateTopic: {
      flag: 'state-topic',
      env: 'PRODUCE_STATE_TOPIC',
      description: 'Compacted topic holding where resumable sources (bluesky, mastodon) got to',
      default: Topic.PRODUCE_STATE,
    },
    topic: { flag: 'topic', env: 'PRODUCE_TOPIC', description: 'Target topic', default: Topic.RAW },
    dlqTopic: { flag: 'dlq-topic', env: 'PRODUCE_DLQ_TOPIC', description: 'Dead-letter topic for invalid input', default: Topic.RAW_DLQ },
    maxFutureSkewMs: {
      flag: 'max-future-skew-ms',
      env: 'PRODUCE_MAX_FUTURE_SKEW_MS',
      description: 'Dead-letter posts whose created_at is more than this far in the future',
      default: String(DEFAULT_MAX_FUTURE_SKEW_MS),
    },
    ...kafkaOptions,
  },
  schema: z
    .object({
      source: z.enum(PRODUCE_SOURCES).default('file'),
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
      lang: languageList,
      keywords: z.array(z.string().min(1)).default([]),
      jetstreamUrl: z.url({ protocol: /^wss?$/ }).default('wss://jetstream1.us-east.bsky.network/subscribe'),
      dids: z.array(z.string().regex(/^did:[a-z]+:[A-Za-z0-9._:%-]+$/, 'must be a DID, e.g. did:plc:z72i7hdynmk6r22z27h6tvur')).default([]),
      rewindMs: intFrom(0, 86_400_000).default(5_000),
      instance: z.url({ protocol: /^https?$/ }).optional(),
      mastodonToken: z.string().optional(),
      accounts: z
        .array(z.string().regex(/^@?[A-Za-z0-9_.-]+(@[A-Za-z0-9.-]+)?$/, 'must be an acct, e.g. Gargron or alice@example.org'))
        .default([]),
      stream: z.enum(MASTODON_STREAMS).default('public'),
      hashtag: z
        .string()
        .regex(/^#?[\p{L}\p{N}_]+$/u, 'must be one tag, e.g. climate')
        .transform((t) => t.replace(/^#/, ''))
        .optional(),
      stallTimeoutMs: intFrom(100, 3_600_000).default(60_000),
      stateTopic: z.string().min(1).default(Topic.PRODUCE_STATE),
      topic: z.string().min(1).default(Topic.RAW),
      dlqTopic: z.string().min(1).default(Topic.RAW_DLQ),
      maxFutureSkewMs: intFrom(0, 365 * 86_400_000).default(DEFAULT_MAX_FUTURE_SKEW_MS),
      brokers: brokersSchema,
      registryUrl: registryUrlSchema,
    })
    .strict()
    .superRefine((c, ctx) => {
      for (const p of sourceProblems(c)) ctx.addIssue({ code: 'custom', path: [p.key], message: p.message });
    }),
} satisfies CliSpec<z.ZodType>;

export type ProduceConfig = z.infer<typeof produceSpec.schema>;

type SourceFields = Pick<ProduceConfig, 'source' | 'bearerToken' | 'rules' | 'instance' | 'stream' | 'hashtag'>;

/**
 * What a source needs that another field must give: checked when flags and env are parsed, and
 * again on a config built in code (`npm start` sets the source itself).
 */
export function sourceProblems(c: SourceFields): Array<{ key: keyof SourceFields; message: string }> {
  const problems: Array<{ key: keyof SourceFields; message: string }> = [];
  if (c.source === 'x' && !c.bearerToken) problems.push({ key: 'bearerToken', message: 'required for --source x' });
  if (c.source === 'x' && c.rules.length === 0) problems.push({ key: 'rules', message: 'give at least one --rule for --source x' });
  if (c.source === 'mastodon' && !c.instance)
    problems.push({ key: 'instance', message: 'required for --source mastodon, e.g. https://mastodon.social' });
  if (c.source === 'mastodon' && c.stream.startsWith('hashtag') && !c.hashtag)
    problems.push({ key: 'hashtag', message: `required for --stream ${c.stream}, e.g. climate` });
  return problems;
}
