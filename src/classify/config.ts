import { hostname } from 'node:os';
import { z } from 'zod';
import type { CliSpec } from '../config/cli.ts';
import { brokersSchema, intFrom, kafkaOptions, languageList, registryUrlSchema } from '../config/connections.ts';
import { DEFAULT_MAX_FUTURE_SKEW_MS } from '../contracts/limits.ts';
import { DEFAULT_SESSION_TIMEOUT_MS } from '../kafka/consumer.ts';
import { ConsumerGroup } from '../kafka/groups.ts';
import { Topic } from '../kafka/topics.ts';
import { defaultEncoderWorkers, MAX_DEFAULT_ENCODER_WORKERS } from '../nlp/serve/encoder-workers.ts';

export const classifySpec = {
  command: 'tsx scripts/classify.ts',
  summary:
    "Consumes tweets.raw in windows across partitions, scores each post for sentiment and topic with in-process model calls batched by token count, and writes the window's results (keyed by post id), dead letters and input offsets to tweets.classified in one Kafka transaction. Undecodable records go to tweets.raw.dlq.",
  options: {
    windowSize: {
      flag: 'window-size',
      env: 'CLASSIFY_WINDOW_SIZE',
      description:
        'Max posts per window: one Kafka transaction across the partitions of a fetch (1 = one transaction per post; docs/benchmarks.md)',
      default: '512',
    },
    windowWaitMs: {
      flag: 'window-wait-ms',
      env: 'CLASSIFY_WINDOW_WAIT_MS',
      description: 'Max time a fetched post waits for its window to fill (a window also closes when no more fetched posts are pending)',
      default: '50',
    },
    tokenBudget: {
      flag: 'token-budget',
      env: 'CLASSIFY_TOKEN_BUDGET',
      description: 'Max padded tokens per model call (posts x tokens of the longest); a window is sorted by length and cut by this',
      default: '1024',
    },
    batchSize: {
      flag: 'batch-size',
      env: 'CLASSIFY_BATCH_SIZE',
      description: 'Max posts per model call, whatever their length',
      default: '128',
    },
    encoderWorkers: {
      flag: 'encoder-workers',
      env: 'CLASSIFY_ENCODER_WORKERS',
      description:
        "Worker threads running the local encoder's forward passes side by side, one onnxruntime session of one thread each (0 = one session on the main thread using every core; docs/benchmarks.md)",
      default: `the cores, at most ${MAX_DEFAULT_ENCODER_WORKERS} (here ${defaultEncoderWorkers()})`,
    },
    maxWaitMs: {
      flag: 'max-wait-ms',
      env: 'CLASSIFY_MAX_WAIT_MS',
      description: 'Max time the broker holds a fetch to fill a batch',
      default: '100',
    },
    groupId: { flag: 'group', env: 'CLASSIFY_GROUP', description: 'Consumer group', default: ConsumerGroup.CLASSIFY },
    inputTopic: { flag: 'input-topic', env: 'CLASSIFY_INPUT_TOPIC', description: 'Topic to read', default: Topic.RAW },
    outputTopic: { flag: 'output-topic', env: 'CLASSIFY_OUTPUT_TOPIC', description: 'Topic to write', default: Topic.CLASSIFIED },
    dlqTopic: {
      flag: 'dlq-topic',
      env: 'CLASSIFY_DLQ_TOPIC',
      description: 'Dead-letter topic for bad input records',
      default: Topic.RAW_DLQ,
    },
    modelsDir: {
      flag: 'models-dir',
      env: 'STREAMSENSE_MODELS_DIR',
      description: 'Where the setup step put the ONNX models (default: models/ in the project)',
    },
    models: {
      flag: 'models',
      env: 'CLASSIFY_MODELS',
      description:
        'Model config file: per task backend (local ONNX or the Hugging Face API), model, labels and thresholds (default: config/models.json; docs/models.md)',
    },
    encoder: {
      flag: 'encoder',
      env: 'CLASSIFY_ENCODER',
      description: "Encoder name from the model config, for the tasks that embed locally (default: the config's)",
    },
    taxonomy: {
      flag: 'taxonomy',
      env: 'CLASSIFY_TAXONOMY',
      description: 'Topic taxonomy JSON file (default: config/taxonomy.json in the project)',
    },
    topK: { flag: 'top-k', env: 'CLASSIFY_TOP_K', description: "How many topic scores to keep per post (default: the model config's, 3)" },
    metricsPort: {
      flag: 'metrics-port',
      env: 'CLASSIFY_METRICS_PORT',
      description: '/healthz and /metrics port; -1 disables',
      default: '9464',
    },
    outputSchema: {
      flag: 'output-schema',
      env: 'CLASSIFY_OUTPUT_SCHEMA',
      description:
        'Write results with this Avro schema file instead of schemas/classification.avsc, e.g. schemas/history/classification.v1.avsc while consumers are not ready for the new version (docs/schemas.md)',
    },
    transactionalId: {
      flag: 'transactional-id',
      env: 'CLASSIFY_TRANSACTIONAL_ID',
      description:
        'Kafka transactional id; stable per instance so a restart fences its crashed predecessor. Give each classifier on one host its own',
      default: 'streamsense-classify-<hostname>',
    },
    languages: {
      flag: 'languages',
      env: 'CLASSIFY_LANGUAGES',
      description:
        'Languages the models cover (primary subtags, comma separated; * = all). A post the source marks as another language is written as unclassified (label_status unsupported_language) instead of getting labels; posts of unknown language are classified',
      default: 'en',
    },
    idleExitMs: {
      flag: 'idle-exit-ms',
      env: 'CLASSIFY_IDLE_EXIT_MS',
      description: 'Exit after this long with no new records; 0 = run until stopped',
      default: '0',
    },
    sessionTimeoutMs: {
      flag: 'session-timeout-ms',
      env: 'CLASSIFY_SESSION_TIMEOUT_MS',
      description:
        "Consumer group session timeout: how long a crashed classifier's partitions wait before the group hands them on (docs/reliability.md)",
      default: String(DEFAULT_SESSION_TIMEOUT_MS),
    },
    maxFutureSkewMs: {
      flag: 'max-future-skew-ms',
      env: 'CLASSIFY_MAX_FUTURE_SKEW_MS',
      description: "Dead-letter posts whose created_at is more than this far in the future (keep it >= the producer's)",
      default: String(DEFAULT_MAX_FUTURE_SKEW_MS),
    },
    ...kafkaOptions,
  },
  schema: z
    .object({
      windowSize: intFrom(1, 10_000).default(512),
      windowWaitMs: intFrom(0, 60_000).default(50),
      tokenBudget: intFrom(1, 1_000_000).default(1024),
      batchSize: intFrom(1, 1024).default(128),
      encoderWorkers: intFrom(0, 64).default(defaultEncoderWorkers()),
      maxWaitMs: intFrom(1, 60_000).default(100),
      groupId: z.string().min(1).default(ConsumerGroup.CLASSIFY),
      inputTopic: z.string().min(1).default(Topic.RAW),
      outputTopic: z.string().min(1).default(Topic.CLASSIFIED),
      dlqTopic: z.string().min(1).default(Topic.RAW_DLQ),
      modelsDir: z.string().min(1).optional(),
      models: z.string().min(1).optional(),
      encoder: z.string().optional(),
      taxonomy: z.string().min(1).optional(),
      topK: intFrom(1, 50).optional(),
      metricsPort: intFrom(-1, 65_535).default(9464),
      outputSchema: z.string().min(1).optional(),
      transactionalId: z.string().min(1).max(200).default(`streamsense-classify-${hostname()}`),
      languages: languageList,
      idleExitMs: intFrom(0, 86_400_000).default(0),
      sessionTimeoutMs: intFrom(6_000, 300_000).default(DEFAULT_SESSION_TIMEOUT_MS),
      maxFutureSkewMs: intFrom(0, 365 * 86_400_000).default(DEFAULT_MAX_FUTURE_SKEW_MS),
      brokers: brokersSchema,
      registryUrl: registryUrlSchema,
    })
    .strict(),
} satisfies CliSpec<z.ZodType>;

export type ClassifyConfig = z.infer<typeof classifySpec.schema>;
