import type { PreTrainedTokenizer } from '@huggingface/transformers';
import { AutoTokenizer, env } from '@huggingface/transformers';
import type { Sentiment } from '../common/sentiment.ts';
import { loadWorkerGraph } from './encoder-workers.ts';
import type { EncoderSpec } from './model-catalog.ts';
import { type Encoded, encoderLoadFailed, type Graph, type GraphOptions, loadGraph } from './onnx-graph.ts';

export type { Encoded, Graph } from './onnx-graph.ts';

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

/**
 * Many texts through embed() in calls of at most `size`, one after another: one call of hundreds of
 * texts grows the onnxruntime arena (and the process's RSS) for the rest of its life.
 */
export async function embedInBatches(
  encoder: Encoder,
  texts: readonly string[],
  size: number,
  onBatch?: (done: number) => void,
): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let at = 0; at < texts.length; at += size) {
    out.push(...(await encoder.embed(texts.slice(at, at + size))));
    onBatch?.(out.length);
  }
  return out;
}

export interface EncoderOptions extends GraphOptions {
  /**
   * Worker threads running the forward passes side by side, one session each with `threads`
   * intra-op threads, default 1 (encoder-workers.ts); 0 (the default): one session on this thread.
   */
  workers?: number;
}

/** The tokenizer on this thread; the graph on it too, or on `workers` worker threads. */
export async function loadEncoder(spec: EncoderSpec, options: EncoderOptions): Promise<Encoder> {
  const tokenizer = await loadTokenizer(spec, options.modelsDir);
  const padTokenId = tokenizer.pad_token_id ?? 0;
  const workers = options.workers ?? 0;
  const graph = workers > 0 ? await loadWorkerGraph(spec, { ...options, workers, padTokenId }) : await loadGraph(spec, options, padTokenId);
  return encoderOver(spec, tokenizer, graph);
}

function offlineOnly(modelsDir: string): void {
  // Offline only: the files come from scripts/fetch-models.ts, never from the Hugging Face hub.
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.localModelPath = modelsDir;
}

async function loadTokenizer(spec: EncoderSpec, modelsDir: string): Promise<PreTrainedTokenizer> {
  offlineOnly(modelsDir);
  try {
    return await AutoTokenizer.from_pretrained(spec.name, { local_files_only: true });
  } catch (cause) {
    throw encoderLoadFailed(spec, modelsDir, cause);
  }
}

/** The memo of counted texts starts over beyond this many (~30 ids each). */
const MAX_COUNTED = 8192;

/** Tokenizing (and its memo) on this thread; the forward passes wherever the graph runs them. */
function encoderOver(spec: EncoderSpec, tokenizer: PreTrainedTokenizer, graph: Graph): Encoder {
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
  const pooledGraph = spec.outputs === 'pooled-logits';
  const encode = async (texts: readonly string[]): Promise<Encoded> => {
    if (texts.length === 0) return pooledGraph ? { embeddings: [], logits: [] } : { embeddings: [] };
    return graph.forward(idsOf(texts));
  };
  return {
    name: spec.name,
    dim: graph.dim,
    parallelism: graph.parallelism,
    ...(pooledGraph ? { logitLabels: spec.logitLabels } : {}),
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
