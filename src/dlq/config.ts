import { z } from 'zod';
import type { CliSpec } from '../config/cli.ts';
import { brokersSchema, intFrom, kafkaOptions, registryUrlSchema } from '../config/connections.ts';
import { Topic } from '../kafka/topics.ts';

export const DLQ_COMMANDS = ['list', 'inspect', 'replay'] as const;

export const dlqSpec = {
  command: 'tsx scripts/dlq.ts',
  positionals: '<list|inspect|replay>',
  summary: [
    'Dead letters: what failed, why, and replaying them after a fix.',
    '  list     counts per dead-letter topic by stage and error class',
    '  inspect  prints letters with their headers and a preview of the original bytes',
    '  replay   sends letters back: Kafka-origin letters to their original topic (or --to) byte for byte;',
    '           producer letters are validated again and produced if now valid. Each letter is replayed once',
    '           (progress kept in group streamsense-dlq-replay); --from-start replays all.',
  ].join('\n'),
  options: {
    topic: {
      flag: 'topic',
      env: 'DLQ_TOPIC',
      description: `Dead-letter topic (list/inspect default: both; replay default: ${Topic.RAW_DLQ})`,
    },
    limit: { flag: 'limit', env: 'DLQ_LIMIT', description: 'inspect: at most this many letters', default: '20' },
    json: { flag: 'json', type: 'boolean', description: 'Print JSON lines instead of text' },
    stage: { flag: 'stage', description: 'Only letters from this stage: produce | classify | sink' },
    errorClass: { flag: 'error', description: 'Only letters with this error class, e.g. DECODE or InvalidPost' },
    to: { flag: 'to', description: 'replay: send to this topic instead of the original one' },
    dryRun: { flag: 'dry-run', type: 'boolean', description: 'replay: show what would be sent, send nothing' },
    fromStart: { flag: 'from-start', type: 'boolean', description: 'replay: include letters replayed before' },
    rawTopic: { flag: 'raw-topic', description: 'replay: where revalidated producer letters go', default: Topic.RAW },
    ...kafkaOptions,
  },
  schema: z
    .object({
      topic: z.string().min(1).optional(),
      limit: intFrom(1, 1_000_000).default(20),
      json: z.boolean().default(false),
      stage: z.enum(['produce', 'classify', 'sink']).optional(),
      errorClass: z.string().min(1).optional(),
      to: z.string().min(1).optional(),
      dryRun: z.boolean().default(false),
      fromStart: z.boolean().default(false),
      rawTopic: z.string().min(1).default(Topic.RAW),
      brokers: brokersSchema,
      registryUrl: registryUrlSchema,
    })
    .strict(),
} satisfies CliSpec<z.ZodType>;

export type DlqConfig = z.infer<typeof dlqSpec.schema>;
