import { AutoModel, AutoTokenizer, env, mean_pooling } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors/app-error.ts';
import type { EncoderSpec } from './model-catalog.ts';

/** A frozen sentence encoder: texts -> L2-normalised mean-pooled embeddings, one forward per call. */
export interface Encoder {
  readonly name: string;
  readonly dim: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  close(): Promise<void>;
}

export interface EncoderOptions { modelsDir: string; threads?: number }

export async function loadEncoder(spec: EncoderSpec, options: EncoderOptions): Promise<Encoder> {
  // Offline only: the files come from scripts/fetch-models.ts, never from the Hugging Face hub.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = options.modelsDir;
  const threads = options.threads ?? availableParallelism();
  let tokenizer: PreTrainedTokenizer;
  let model: PreTrainedModel;
  try {
    tokenizer = await AutoTokenizer.from_pretrained(spec.name, { local_files_only: true });
    model = await AutoModel.from_pretrained(spec.name, {
      local_files_only: true,
      dtype: spec.dtype,
      session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 },
    });
  } catch (cause) {
    throw new AppError('MODEL', `Cannot load encoder ${spec.name} from ${options.modelsDir}; run \`npx tsx scripts/fetch-models.ts ${spec.name}\` first. (${(cause as Error).message})`, { cause, context: { encoder: spec.name } });
  }
  return createEncoder(spec, tokenizer, model);
}

function createEncoder(spec: EncoderSpec, tokenizer: PreTrainedTokenizer, model: PreTrainedModel): Encoder {
  const dim = 384;
  return {
    name: spec.name,
    dim,
    async embed(texts) {
      if (texts.length === 0) return [];
      const inputs = tokenizer(texts.map((t) => spec.prefix + t), { padding: true, truncation: true, max_length: spec.maxTokens });
      const output = (await model(inputs)) as { last_hidden_state: Tensor };
      const pooled = mean_pooling(output.last_hidden_state, inputs.attention_mask as Tensor).normalize(2, -1);
      return splitRows(pooled.data as Float32Array, pooled.dims[1] ?? dim);
    },
    async close() {
      await model.dispose();
    },
  };
}

function splitRows(data: Float32Array, width: number): Float32Array[] {
  const rows: Float32Array[] = [];
  for (let i = 0; i < data.length; i += width) rows.push(data.slice(i, i + width));
  return rows;
}
