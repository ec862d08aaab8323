import { z } from 'zod';
import type { CliSpec } from '../../config/cli.ts';
import { intFrom } from '../../config/connections.ts';

/** `npm run eval -- FILE [options]`: flags parsed once at the edge. */
export const evalSpec = {
  command: 'npm run eval --',
  positionals: 'LABELED_FILE',
  summary:
    'Evaluates the configured classifier on a labeled file: JSONL {text,label} or {text,labels:[...]}, TSV text<TAB>label, or a TweetEval-style dir holding one <split>_text.txt + <split>_labels.txt pair (name DIR/<split>_text.txt to pick one of several). Prints accuracy, macro-F1, macro-recall, per-class precision/recall, a confusion matrix and throughput.',
  options: {
    task: {
      flag: 'task',
      description: 'sentiment or topic (default: sentiment when every label is negative/neutral/positive, else topic)',
      example: 'topic',
    },
    labelMap: {
      flag: 'label-map',
      description: 'Rename gold labels: FROM=TO pairs or a JSON file (sentiment defaults to 0=negative,1=neutral,2=positive)',
      example: '"neg=negative,pos=positive"',
    },
    taxonomy: { flag: 'taxonomy', description: 'Topic taxonomy JSON file (default: config/taxonomy.json)' },
    binary: {
      flag: 'binary',
      type: 'boolean',
      description: 'Sentiment: forced positive-vs-negative choice on the records labeled positive or negative',
    },
    json: { flag: 'json', type: 'boolean', description: 'Print one JSON object instead of the text report' },
    models: {
      flag: 'models',
      description: 'Model config file: per task backend, model, labels and thresholds (default: config/models.json)',
    },
    encoder: {
      flag: 'encoder',
      description:
        "Encoder name(s) from the model config, for the tasks that embed locally (default: the config's); a comma list runs each in turn, e.g. the new and the previous default",
      example: 'minilm-tweet-q,all-minilm-l6-v2-q',
    },
    fallback: {
      flag: 'fallback',
      description:
        "Topic: how a post about none of the topics becomes `other`: floor (minSimilarity), background (backgroundZ) or none (default: the model config's)",
      example: 'none',
    },
    head: {
      flag: 'head',
      description:
        'Sentiment head file (default: src/nlp/heads/sentiment-<encoder>.json); pass one trained without this data for a held-out figure',
    },
    modelsDir: { flag: 'models-dir', env: 'STREAMSENSE_MODELS_DIR', description: 'Where the ONNX models are (default: models/)' },
    batch: { flag: 'batch', description: 'Posts per classify() call', default: '32' },
    topK: { flag: 'top-k', description: "Topic scores kept per post (default: the model config's, 3)" },
    threshold: {
      flag: 'threshold',
      description:
        "Multi-label topics: a top-k topic joins the predicted set at this score, top-1 always does (default: the model config's, 0.25)",
    },
    limit: { flag: 'limit', description: 'Only the first N records (0 = all)', default: '0' },
    threads: { flag: 'threads', description: 'ONNX intra-op threads (default: all cores)' },
  },
  schema: z
    .object({
      task: z.enum(['sentiment', 'topic']).optional(),
      labelMap: z.string().min(1).optional(),
      taxonomy: z.string().min(1).optional(),
      binary: z.boolean().default(false),
      json: z.boolean().default(false),
      models: z.string().min(1).optional(),
      encoder: z
        .string()
        .regex(/^[a-z0-9][a-z0-9._-]*(,[a-z0-9][a-z0-9._-]*)*$/, 'one encoder name or a comma list')
        .optional(),
      fallback: z.enum(['floor', 'background', 'none']).optional(),
      head: z.string().min(1).optional(),
      modelsDir: z.string().min(1).optional(),
      batch: intFrom(1, 1024).default(32),
      topK: intFrom(1, 50).optional(),
      threshold: z.coerce.number().min(0).max(1).optional(),
      limit: intFrom(0, 10_000_000).default(0),
      threads: intFrom(1, 256).optional(),
    })
    .strict(),
} satisfies CliSpec<z.ZodType>;

export type EvalConfig = z.infer<typeof evalSpec.schema>;
