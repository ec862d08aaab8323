import { z } from 'zod';
import type { CliSpec } from '../../config/cli.ts';
import { intFrom, kafkaOptions, registryUrlSchema } from '../../config/connections.ts';
import { COMPATIBILITY_LEVELS } from '../compatibility-level.ts';

export const SCHEMAS_COMMANDS = ['register', 'check', 'compat', 'list', 'versions', 'show', 'diff'] as const;
export type SchemasCommand = (typeof SCHEMAS_COMMANDS)[number];

export const schemasSpec = {
  command: 'tsx scripts/schemas.ts',
  positionals: '<command> [args]',
  summary: [
    'Manages the Avro contracts in schemas/ and their subjects in the schema registry.',
    '',
    'Commands:',
    '  register [--all | FILE...]           register schemas under their subjects (unchanged ones are a no-op)',
    "  check [FILE...]                      test local schemas against the registry under each subject's level",
    '  check --offline [FILE...]            ...or against schemas/history/ (or --against FILE, --against-ref REF), no registry',
    '  compat get [SUBJECT]                 show the level of a subject (or the global one)',
    `  compat set [SUBJECT] LEVEL           set it; LEVEL: ${COMPATIBILITY_LEVELS.join(', ')}`,
    '  list                                 subjects with their latest version and level',
    '  versions SUBJECT                     registered versions and schema ids',
    '  show SUBJECT [VERSION]               a registered schema (default: latest)',
    '  diff SUBJECT V1 V2                   field changes between two versions, and whether each reads the other',
    '',
    'With no FILE, register and check act on every contract in schemas/ (tweet.avsc -> tweets.raw-value,',
    'classification.avsc -> tweets.classified-value). Exit codes: 0 ok, 1 incompatible or rejected, 2 usage.',
  ].join('\n'),
  options: {
    registryUrl: kafkaOptions.registryUrl,
    all: { flag: 'all', type: 'boolean', description: 'register: every contract in schemas/ (the default when no FILE is given)' },
    subject: {
      flag: 'subject',
      env: 'SCHEMAS_SUBJECT',
      description: "Use this subject instead of the contract's (one FILE only)",
      example: 'test-123-value',
    },
    offline: {
      flag: 'offline',
      type: 'boolean',
      description: 'check: use Avro resolution against earlier versions in git/files, no registry',
    },
    against: {
      flag: 'against',
      description: 'check --offline: compare with this schema file instead of schemas/history/',
      example: 'old/classification.avsc',
    },
    againstRef: {
      flag: 'against-ref',
      description: 'check --offline: compare with the same file at this git revision',
      example: 'origin/main',
    },
    level: {
      flag: 'level',
      env: 'SCHEMAS_LEVEL',
      description: "check: compatibility level to apply (offline default BACKWARD_TRANSITIVE; online: the subject's)",
      example: 'FULL',
    },
    timeoutMs: { flag: 'timeout-ms', env: 'SCHEMAS_TIMEOUT_MS', description: 'Registry request timeout', default: '10000' },
  },
  schema: z
    .object({
      registryUrl: registryUrlSchema,
      all: z.boolean().default(false),
      subject: z
        .string()
        .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only')
        .optional(),
      offline: z.boolean().default(false),
      against: z.string().min(1).optional(),
      againstRef: z.string().min(1).optional(),
      level: z.enum(COMPATIBILITY_LEVELS, { message: `one of ${COMPATIBILITY_LEVELS.join(', ')}` }).optional(),
      timeoutMs: intFrom(100, 600_000).default(10_000),
    })
    .strict()
    .refine((c) => !(c.against && c.againstRef), { message: 'give --against or --against-ref, not both', path: ['against'] })
    .refine((c) => c.offline || (!c.against && !c.againstRef), { message: 'only with --offline', path: ['against'] }),
} satisfies CliSpec<z.ZodType>;

export type SchemasConfig = z.infer<typeof schemasSpec.schema>;
