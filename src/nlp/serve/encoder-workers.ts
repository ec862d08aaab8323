import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { WorkerInit, WorkerReply } from './encoder-worker.ts';
import type { EncoderSpec } from './model-catalog.ts';
import type { Encoded, Graph, GraphOptions } from './onnx-graph.ts';

/**
 * The encoder's forward passes on worker threads, each with its own onnxruntime session of one
 * intra-op thread (by default), tokenizing staying on the calling thread. On 2 cores two such
 * workers forwarded the length-sorted sample ~30% faster than one session with two intra-op
 * threads (which meet at a barrier after every operator), and lost less of it when another process
 * took CPU (docs/benchmarks.md). Callers get the most from it with `parallelism` calls in flight;
 * a call made while workers are idle and nothing waits is cut into parts for the idle workers, so
 * one call at a time still uses them all.
 */
export interface WorkerGraphOptions extends GraphOptions {
  /** Worker threads (sessions). */
  workers: number;
  /** The tokenizer's padding id (the tokenizer stays on the calling thread). */
  padTokenId: number;
}

/** Beyond this many the default stops adding workers: each holds its own copy of the graph. */
export const MAX_DEFAULT_ENCODER_WORKERS = 4;

/** The classify stage's default: one worker per core, at most MAX_DEFAULT_ENCODER_WORKERS. */
export function defaultEncoderWorkers(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_ENCODER_WORKERS);
}

/** A call is cut for idle workers only into parts of at least this many posts. */
const MIN_PART = 8;
/** A worker that dies is replaced this many times at most; then its calls go to the others. */
const MAX_RESTARTS = 3;

interface Job {
  ids: readonly number[][];
  resolve(out: Encoded): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job?: Job;
  restarts: number;
  alive: boolean;
}

export async function loadWorkerGraph(spec: EncoderSpec, options: WorkerGraphOptions): Promise<Graph> {
  if (!Number.isInteger(options.workers) || options.workers < 1)
    throw new AppError(
      ErrorCode.CONFIG,
      `Encoder workers must be a whole number >= 1 (got ${options.workers}); 0 runs the encoder in process.`,
    );
  const init: WorkerInit = { spec, modelsDir: options.modelsDir, threads: options.threads ?? 1, padTokenId: options.padTokenId };
  const queue: Job[] = [];
  let closing = false;
  let dim = 0;
  const failed = (message: string) =>
    new AppError(ErrorCode.MODEL, `Encoder ${spec.name}: ${message}`, { context: { encoder: spec.name } });

  /** Starts a worker and resolves once its graph is loaded (or rejects with why it could not be). */
  const start = (slot: Omit<Slot, 'worker'> & { worker?: Worker }) =>
    new Promise<Slot>((resolve, reject) => {
      const worker = new Worker(new URL('./encoder-worker.mjs', import.meta.url), { workerData: init });
      const s = Object.assign(slot, { worker }) as Slot;
      let ready = false;
      worker.on('message', (m: WorkerReply) => {
        if (m.type === 'ready') {
          ready = true;
          s.alive = true;
          dim = m.dim;
          worker.unref(); // an idle worker never keeps the process alive; a busy one is ref'd
          resolve(s);
          pump();
        } else if (m.type === 'failed') reject(failed(`worker could not load the graph: ${m.message}`));
        else settle(s, m);
      });
      worker.on('error', (error) => {
        if (!ready) reject(failed(`worker failed while loading: ${error.message}`));
        else lost(s, `worker failed: ${error.message}`);
      });
      worker.on('exit', (code) => {
        if (!ready) reject(failed(`worker exited with code ${code} while loading`));
        else if (!closing) lost(s, `worker exited with code ${code}`);
      });
    });

  const settle = (slot: Slot, m: WorkerReply) => {
    const job = slot.job;
    slot.job = undefined;
    slot.worker.unref();
    if (job && m.type === 'done') job.resolve(unflatten(m, dim));
    else if (job && m.type === 'error') job.reject(failed(m.message));
    pump();
  };

  /** A worker died: its call fails (the caller's poison isolation retries it), and it is replaced. */
  const lost = (slot: Slot, why: string) => {
    if (!slot.alive) return;
    slot.alive = false;
    slot.job?.reject(failed(why));
    slot.job = undefined;
    if (closing) return;
    if (slot.restarts < MAX_RESTARTS) {
      slot.restarts++;
      start(slot).catch(() => drainIfNoneLeft());
    } else drainIfNoneLeft();
  };

  const drainIfNoneLeft = () => {
    if (slots.some((s) => s.alive || s.restarts < MAX_RESTARTS)) return;
    for (const job of queue.splice(0)) job.reject(failed('no encoder worker is left (each died and was replaced too often)'));
  };

  const pump = () => {
    for (const slot of slots) {
      if (queue.length === 0) return;
      if (!slot.alive || slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.worker.postMessage(job.ids);
    }
  };

  const run = (ids: readonly number[][]) =>
    new Promise<Encoded>((resolve, reject) => {
      if (closing) return reject(failed('the encoder is closed'));
      queue.push({ ids, resolve, reject });
      pump();
    });

  const slots: Slot[] = [];
  try {
    for (let i = 0; i < options.workers; i++) slots.push(await start({ restarts: 0, alive: false }));
  } catch (error) {
    closing = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
    throw error;
  }

  return {
    dim,
    parallelism: options.workers,
    async forward(ids) {
      const idle = slots.filter((s) => s.alive && !s.job).length;
      const parts = queue.length === 0 ? Math.min(idle, Math.floor(ids.length / MIN_PART)) : 1;
      if (parts <= 1) return run(ids);
      const size = Math.ceil(ids.length / parts);
      const outs = await Promise.all(Array.from({ length: parts }, (_, p) => run(ids.slice(p * size, (p + 1) * size))));
      return {
        embeddings: outs.flatMap((o) => o.embeddings),
        ...(outs[0]!.logits && { logits: outs.flatMap((o) => o.logits!) }),
      };
    },
    async close() {
      closing = true;
      for (const job of queue.splice(0)) job.reject(failed('the encoder is closed'));
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** The worker's flat arrays back as one row per post. */
function unflatten(m: Extract<WorkerReply, { type: 'done' }>, dim: number): Encoded {
  const rowsOf = (flat: Float32Array, width: number) => Array.from({ length: m.n }, (_, i) => flat.subarray(i * width, (i + 1) * width));
  return {
    embeddings: rowsOf(m.embeddings, m.n ? m.embeddings.length / m.n : dim),
    ...(m.logits && { logits: rowsOf(m.logits, m.n ? m.logits.length / m.n : 0) }),
  };
}
