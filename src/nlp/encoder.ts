import { AutoModel, AutoTokenizer, env } from '@huggingface/transformers';
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { availableParallelism } from 'node:os';
import { AppError } from '../errors/app-error.ts';
import type { EncoderSpec } from './model-catalog.ts';
import { l2Normalize } from './vectors.ts';

/** A frozen sentence encoder: texts -> L2-normalised mean-pooled embeddings, one forward per call. */
export interface Encoder {
  readonly name: string;
  readonly dim: number;
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** Tokens each text becomes in embed() (special tokens included, truncation applied), for batching by length. */
  countTokens?(texts: readonly string[]): number[];
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
      return meanPool(output.last_hidden_state, inputs.attention_mask as Tensor);
    },
    countTokens(texts) {
      if (texts.length === 0) return [];
      const { input_ids: ids } = tokenizer(texts.map((t) => spec.prefix + t), { padding: false, truncation: true, max_length: spec.maxTokens, return_tensor: false }) as unknown as { input_ids: number[][] };
      return ids.map((row) => row.length);
    },
    async close() {
      await model.dispose();
    },
  };
}

/** Mean over the unmasked tokens, then L2 normalisation (sentence-transformers' pooling for these models). */
function meanPool(hidden: Tensor, mask: Tensor): Float32Array[] {
  const [batch, seq, width] = hidden.dims as [number, number, number];
  const h = hidden.data as Float32Array;
  const m = mask.data as BigInt64Array;
  const rows: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const row = new Float32Array(width);
    for (let t = 0; t < seq; t++) {
      if (m[b * seq + t] === 0n) continue;
      const at = (b * seq + t) * width;
      for (let j = 0; j < width; j++) row[j] += h[at + j];
    }
    rows.push(l2Normalize(row));
  }
  return rows;
}
