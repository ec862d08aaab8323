/**
 * One encoder worker thread (started by encoder-workers.ts through encoder-worker.mjs): loads the
 * graph with its own onnxruntime session and forwards the batches of token ids it is sent, one at
 * a time. Embeddings and logits go back as flat arrays whose buffers are transferred, not copied.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { EncoderSpec } from './model-catalog.ts';
import { loadGraph } from './onnx-graph.ts';

export interface WorkerInit {
  spec: EncoderSpec;
  modelsDir: string;
  threads: number;
  padTokenId: number;
}

export type WorkerReply =
  | { type: 'ready'; dim: number }
  | { type: 'failed'; message: string }
  | { type: 'done'; n: number; embeddings: Float32Array; logits?: Float32Array }
  | { type: 'error'; message: string };

const port = parentPort;
if (!port) throw new AppError(ErrorCode.MODEL, 'encoder-worker.ts runs only as a worker thread (encoder-workers.ts starts it)');
const init = workerData as WorkerInit;
const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

try {
  const graph = await loadGraph(init.spec, { modelsDir: init.modelsDir, threads: init.threads }, init.padTokenId);
  port.on('message', async (ids: number[][]) => {
    try {
      const out = await graph.forward(ids);
      const embeddings = flat(out.embeddings);
      const logits = out.logits && flat(out.logits);
      reply({ type: 'done', n: ids.length, embeddings, ...(logits && { logits }) }, [
        embeddings.buffer as ArrayBuffer,
        ...(logits ? [logits.buffer as ArrayBuffer] : []),
      ]);
    } catch (error) {
      reply({ type: 'error', message: (error as Error).message });
    }
  });
  reply({ type: 'ready', dim: graph.dim });
} catch (error) {
  reply({ type: 'failed', message: (error as Error).message });
}

function flat(rows: readonly Float32Array[]): Float32Array {
  const width = rows[0]?.length ?? 0;
  const out = new Float32Array(rows.length * width);
  for (const [i, row] of rows.entries()) out.set(row, i * width);
  return out;
}
