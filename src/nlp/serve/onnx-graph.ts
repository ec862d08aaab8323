import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { l2Normalize } from '../common/vectors.ts';
import { MODEL_FILE_BY_DTYPE } from './backends/local-pipeline-options.ts';
import type { EncoderSpec } from './model-catalog.ts';
import { sessionOptions } from './session-options.ts';

/** One forward pass over a batch: the pooled embeddings and, for a graph with a sentiment head, its logits. */
export interface Encoded {
  embeddings: Float32Array[];
  /** Raw sentiment logits per post, in the order of Encoder.logitLabels (before any decision rule). */
  logits?: Float32Array[];
}

export interface GraphOptions {
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

export function encoderLoadFailed(spec: EncoderSpec, modelsDir: string, cause: unknown): AppError {
  return new AppError(
    ErrorCode.MODEL,
    `Cannot load encoder ${spec.name} from ${modelsDir}; run \`npx tsx scripts/fetch-models.ts ${spec.name}\` first. (${(cause as Error).message})`,
    { cause, context: { encoder: spec.name } },
  );
}

/**
 * The graph in this thread: one onnxruntime session with `threads` intra-op threads, on the ONNX
 * file scripts/fetch-models.ts put in the models directory. onnxruntime-node directly, not through
 * transformers.js: a worker thread that loads this (encoder-workers.ts) then costs tens of MiB, not
 * the ~200 MiB of a second transformers.js; the tokenizer stays with transformers.js.
 */
export async function loadGraph(spec: EncoderSpec, options: GraphOptions, padTokenId: number): Promise<Graph> {
  const dir = join(options.modelsDir, spec.name);
  let session: InferenceSession;
  let dim: number;
  try {
    dim = (JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as { hidden_size?: number }).hidden_size ?? 384;
    session = await InferenceSession.create(join(dir, 'onnx', MODEL_FILE_BY_DTYPE[spec.dtype]), {
      executionProviders: ['cpu'],
      ...sessionOptions(options.threads),
    });
  } catch (cause) {
    throw encoderLoadFailed(spec, options.modelsDir, cause);
  }
  const pooledGraph = spec.outputs === 'pooled-logits';
  const withTypeIds = session.inputNames.includes('token_type_ids');
  const padId = BigInt(padTokenId);
  return {
    dim,
    parallelism: 1,
    async forward(ids) {
      if (ids.length === 0) return pooledGraph ? { embeddings: [], logits: [] } : { embeddings: [] };
      const inputs = paddedInputs(ids, padId, withTypeIds);
      const output = (await session.run(inputs)) as GraphOutput;
      if (!pooledGraph) return { embeddings: meanPool(required(output, 'last_hidden_state', spec), inputs.attention_mask!) };
      return {
        embeddings: rows(required(output, 'sentence_embedding', spec)).map(l2Normalize),
        logits: rows(required(output, 'logits', spec)),
      };
    },
    async close() {
      await session.release();
    },
  };
}

type GraphOutput = { last_hidden_state?: Tensor; sentence_embedding?: Tensor; logits?: Tensor };

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
    input_ids: new Tensor('int64', inputIds, dims),
    attention_mask: new Tensor('int64', mask, dims),
  };
  if (withTypeIds) inputs.token_type_ids = new Tensor('int64', new BigInt64Array(ids.length * width), dims);
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
