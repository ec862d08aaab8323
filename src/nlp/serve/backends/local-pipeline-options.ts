import { z } from 'zod';

/** transformers.js dtypes and the ONNX file each one loads from `onnx/` (see its utils/dtypes.js). */
export const MODEL_FILE_BY_DTYPE = {
  fp32: 'model.onnx',
  fp16: 'model_fp16.onnx',
  q8: 'model_quantized.onnx',
  int8: 'model_int8.onnx',
  uint8: 'model_uint8.onnx',
  q4: 'model_q4.onnx',
  q4f16: 'model_q4f16.onnx',
  bnb4: 'model_bnb4.onnx',
} as const;
export type PipelineDtype = keyof typeof MODEL_FILE_BY_DTYPE;
const DTYPES = Object.keys(MODEL_FILE_BY_DTYPE) as [PipelineDtype, ...PipelineDtype[]];

/** The pipeline's own options as a zod shape, to spread into a task's config schema (config/models.json). */
export const localPipelineOptionsShape = {
  /** A model directory (absolute, or relative to the working directory) or, with allowRemote, a hub id. */
  model: z.string().min(1),
  dtype: z.enum(DTYPES).default('fp32'),
  /** ONNX Runtime intra-op threads; onnxruntime's own default when absent. */
  threads: z.number().int().positive().optional(),
  /** Off by default: only an existing directory loads, nothing is downloaded. */
  allowRemote: z.boolean().default(false),
  /** Texts (text classification) or text+label pairs (zero-shot) per forward pass. */
  batchSize: z.number().int().positive().max(1024).default(32),
};
export const localPipelineOptionsSchema = z.strictObject(localPipelineOptionsShape);
export type LocalPipelineOptions = z.input<typeof localPipelineOptionsSchema>;
