import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { AutoModel, AutoTokenizer, env, Tensor as TensorOf } from '@huggingface/transformers';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { Sentiment } from '../common/sentiment.ts';
import { l2Normalize } from '../common/vectors.ts';
import type { EncoderSpec } from './model-catalog.ts';
import { sessionOptions } from './session-options.ts';

/** One forward pass over a batch: the pooled embeddings and, for a graph with a sentiment head, its logits. */
export interface Encoded {
  embeddings: Float32Array[];
  /** Raw sentiment logits per post, in the order of Encoder.logitLabels (before any decision rule). */
  logits?: Float32Array[];
}

/** A sentence encoder: texts -> L2-normalised mean-pooled embeddings (and sentiment logits), one forward per call. */
export interface Encoder {
  readonly name: string;
  readonly dim: number;
  /** Set when the graph also returns sentiment logits: the class of each logit. */
  readonly logitLabels?: readonly Sentiment[];
  embed(texts: readonly string[]): Promise<Float32Array[]>;
  /** The whole output of one forward pass; an encoder without it only embeds. */
  encode?(texts: readonly string[]): Promise<Encoded>;
  /** Tokens each text becomes in embed() (special tokens included, truncation applied), for batching by length. */
  countTokens?(texts: readonly string[]): number[];
  /** Calls to encode() worth having in flight at once (1 unless the forwards run on worker threads). */
  readonly parallelism?: number;
  close(): Promise<void>;
}

export interface EncoderOptions {
  modelsDir: string;
  /** onnxruntime intra-op threads of the session (default: every core). */
  threads?: number;
}

/**
 * The model half of an encoder: token ids in, one forward pass, pooled embeddings (and logits) out.
 * The in-process graph runs it on the calling thread; a worker pool on its own threads.
 */
export interface Graph {
  readonly dim: number;
  /** Forwards that can run at once (1 in process, the worker count in a pool). */
  readonly parallelism: number;
  forward(ids: readonly number[][]): Promise<Encoded>;
  close(): Promise<void>;
}

/** The encoder in this thread: tokenizer and one onnxruntime session (worker threads: encoder-workers.ts). */
export async function loadEncoder(spec: EncoderSpec, options: EncoderOptions): Promise<Encoder> {
  const tokenizer = await loadTokenizer(spec, options.modelsDir);
  return encoderOver(spec, tokenizer, await loadGraph(spec, options, tokenizer));
}

function offlineOnly(modelsDir: string): void {
  // Offline only: the files come from scripts/fetch-models.ts, never from the Hugging Face hub.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
}

function loadFailed(spec: EncoderSpec, modelsDir: string, cause: unknown): AppError {
  return new AppError(
    ErrorCode.MODEL,
    `Cannot load encoder ${spec.name} from ${modelsDir}; run \`npx tsx scripts/fetch-models.ts ${spec.name}\` first. (${(cause as Error).message})`,
    { cause, context: { encoder: spec.name } },
  );
}

export async function loadTokenizer(spec: EncoderSpec, modelsDir: string): Promise<PreTrainedTokenizer> {
  offlineOnly(modelsDir);
  try {
    return await AutoTokenizer.from_pretrained(spec.name, { local_files_only: true });
  } catch (cause) {
    throw loadFailed(spec, modelsDir, cause);
  }
}

/** The graph in this thread: one onnxruntime session with `threads` intra-op threads. */
export async function loadGraph(spec: EncoderSpec, options: EncoderOptions, tokenizer?: PreTrainedTokenizer): Promise<Graph> {
  const tok = tokenizer ?? (await loadTokenizer(spec, options.modelsDir));
  offlineOnly(options.modelsDir);
  let model: PreTrainedModel;
  try {
    model = await AutoModel.from_pretrained(spec.name, {
      local_files_only: true,
      dtype: spec.dtype,
      session_options: sessionOptions(options.threads),
    });
  } catch (cause) {
    throw loadFailed(spec, options.modelsDir, cause);
  }
  const pooledGraph = spec.outputs === 'pooled-logits';
  const withTypeIds = 'token_type_ids' in tok(['a'], { padding: true });
  const padId = BigInt(tok.pad_token_id ?? 0);
  return {
    dim: (model.config as { hidden_size?: number }).hidden_size ?? 384,
    parallelism: 1,
    async forward(ids) {
      if (ids.length === 0) return pooledGraph ? { embeddings: [], logits: [] } : { embeddings: [] };
      const inputs = paddedInputs(ids, padId, withTypeIds);
      const output = (await model(inputs)) as GraphOutput;
      if (!pooledGraph) return { embeddings: meanPool(required(output, 'last_hidden_state', spec), inputs.attention_mask as Tensor) };
      return {
        embeddings: rows(required(output, 'sentence_embedding', spec)).map(l2Normalize),
        logits: rows(required(output, 'logits', spec)),
      };
    },
    async close() {
      await model.dispose();
    },
  };
}

type GraphOutput = { last_hidden_state?: Tensor; sentence_embedding?: Tensor; logits?: Tensor };

/** The memo of counted texts starts over beyond this many (~30 ids each). */
const MAX_COUNTED = 8192;

/** Tokenizing (and its memo) on this thread; the forward passes wherever the graph runs them. */
export function encoderOver(spec: EncoderSpec, tokenizer: PreTrainedTokenizer, graph: Graph): Encoder {
  // Classify counts a window's tokens to order and cut it, then encodes it in sub-batches: encode()
  // reuses the ids countTokens() made, so each post is tokenized once. Keyed by text (the same text
  // always gives the same ids), so a text counted again, or twice in one window, is found too.
  const counted = new Map<string, number[]>();
  const tokenize = (texts: readonly string[]) =>
    (
      tokenizer(
        texts.map((t) => spec.prefix + t),
        { padding: false, truncation: true, max_length: spec.maxTokens, return_tensor: false },
      ) as unknown as { input_ids: number[][] }
    ).input_ids;
  const idsOf = (texts: readonly string[]) => {
    const ids = texts.map((t) => counted.get(t));
    if (ids.every((row) => row !== undefined)) return ids as number[][];
    const missing = texts.filter((_, i) => ids[i] === undefined);
    const made = tokenize(missing);
    let next = 0;
    return ids.map((row) => row ?? made[next++]!);
  };
  const encode = (texts: readonly string[]): Promise<Encoded> => graph.forward(texts.length === 0 ? [] : idsOf(texts));
  return {
    name: spec.name,
    dim: graph.dim,
    parallelism: graph.parallelism,
    ...(spec.outputs === 'pooled-logits' ? { logitLabels: spec.logitLabels } : {}),
    encode,
    embed: async (texts) => (await encode(texts)).embeddings,
    countTokens(texts) {
      if (texts.length === 0) return [];
      const ids = tokenize(texts);
      if (counted.size + texts.length > MAX_COUNTED) counted.clear();
      for (const [i, t] of texts.entries()) counted.set(t, ids[i]!);
      return ids.map((row) => row.length);
    },
    close: () => graph.close(),
  };
}

function required(output: GraphOutput, name: keyof GraphOutput, spec: EncoderSpec): Tensor {
  const tensor = output[name];
  if (!tensor)
    throw new AppError(
      ErrorCode.MODEL,
      `Encoder ${spec.name}: its ONNX graph has no "${name}" output (outputs: ${Object.keys(output).join(', ')}); check "outputs" of the encoder in the model config.`,
      { context: { encoder: spec.name } },
    );
  return tensor;
}

/** What the tokenizer returns with padding (right-padded int64 [batch, longest]), from ids it made before. */
function paddedInputs(ids: readonly number[][], padId: bigint, withTypeIds: boolean): Record<string, Tensor> {
  const width = Math.max(...ids.map((row) => row.length));
  const inputIds = new BigInt64Array(ids.length * width).fill(padId);
  const mask = new BigInt64Array(ids.length * width);
  ids.forEach((row, b) => {
    row.forEach((id, t) => {
      inputIds[b * width + t] = BigInt(id);
      mask[b * width + t] = 1n;
    });
  });
  const dims = [ids.length, width];
  const inputs: Record<string, Tensor> = {
    input_ids: new TensorOf('int64', inputIds, dims),
    attention_mask: new TensorOf('int64', mask, dims),
  };
  if (withTypeIds) inputs.token_type_ids = new TensorOf('int64', new BigInt64Array(ids.length * width), dims);
  return inputs;
}

/** A [batch, width] float tensor as one row per post. */
function rows(tensor: Tensor): Float32Array[] {
  const [batch, width] = tensor.dims as [number, number];
  const data = tensor.data as Float32Array;
  return Array.from({ length: batch }, (_, b) => data.slice(b * width, (b + 1) * width));
}

/** Mean over the unmasked tokens, then L2 normalisation (sentence-transformers' pooling for these models). */
function meanPool(hidden: Tensor, mask: Tensor): Float32Array[] {
  const [batch, seq, width] = hidden.dims as [number, number, number];
  const h = hidden.data as Float32Array;
  const m = mask.data as BigInt64Array;
  const out: Float32Array[] = [];
  for (let b = 0; b < batch; b++) {
    const row = new Float32Array(width);
    for (let t = 0; t < seq; t++) {
      if (m[b * seq + t] === 0n) continue;
      const at = (b * seq + t) * width;
      for (let j = 0; j < width; j++) row[j] += h[at + j];
    }
    out.push(l2Normalize(row));
  }
  return out;
}
