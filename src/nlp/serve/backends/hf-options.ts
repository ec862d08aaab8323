import { z } from 'zod';

/**
 * The options as a zod shape, to spread into a task's config schema (config/models.json):
 * `z.strictObject({ backend: z.literal('hf'), ...hfBackendOptionsShape, ... })`.
 */
export const hfBackendOptionsShape = {
  /** Hub id, e.g. "cardiffnlp/twitter-roberta-base-sentiment-latest". */
  model: z.string().regex(/^[\w.-]+(\/[\w.-]+)?$/, 'a Hugging Face hub id such as "facebook/bart-large-mnli" (for a URL use endpointUrl)'),
  /** Requests go here instead of the hosted API (TEI/TGI, an Inference Endpoint). */
  endpointUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Name of the environment variable holding the access token. */
  tokenEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name such as "HF_TOKEN"')
    .default('HF_TOKEN'),
  timeoutMs: z.int().min(100).max(600_000).default(30_000),
  retries: z.int().min(0).max(20).default(4),
  /** Max requests in flight per backend instance. */
  concurrency: z.int().min(1).max(256).default(4),
  initialBackoffMs: z.int().min(0).max(60_000).default(500),
  maxBackoffMs: z.int().min(0).max(300_000).default(10_000),
};

export const hfBackendOptionsSchema = z.strictObject(hfBackendOptionsShape);
export type HfBackendOptionsInput = z.input<typeof hfBackendOptionsSchema>;
export type HfBackendOptions = z.output<typeof hfBackendOptionsSchema>;
