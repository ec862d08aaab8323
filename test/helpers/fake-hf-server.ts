/**
 * A local stand-in for the Hugging Face inference API (hf-inference), so the `hf` backend is tested
 * offline. It speaks the documented shapes:
 * https://huggingface.co/docs/inference-providers/tasks/text-classification
 * https://huggingface.co/docs/inference-providers/tasks/zero-shot-classification
 *   POST /models/<model id>   (also under /hf-inference/, as on router.huggingface.co)
 *   body {"inputs": "<text>", "parameters"?: {...}}, `Authorization: Bearer <token>`
 *   text classification -> [[{label, score}, ...]]  (or flat [{label, score}], as TEI answers)
 *   zero-shot           -> {sequence, labels, scores} best first (or [{label, score}], newer router)
 *   errors              -> {"error": "..."} with the status
 * Answers are deterministic: "love"/"great" -> positive, "hate"/"awful" -> negative, else neutral;
 * in zero-shot the candidate labels found in the text (case-insensitive) score highest.
 * Faults are scripted per request: failNext() for statuses, delayNext() for slow answers.
 */

import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { listenLoopback, loopbackUrl } from './loopback.ts';

export type FakeHfTask = 'text-classification' | 'zero-shot-classification';

export interface FakeHfServerOptions {
  /** Model id -> task it serves. */
  models: Record<string, FakeHfTask>;
  /** The accepted bearer token; undefined = no auth (like a self-hosted TEI). */
  token?: string;
  textShape?: 'nested' | 'flat';
  zeroShotShape?: 'legacy' | 'list';
  /** Delay before every answer, so tests can observe concurrency. */
  delayMs?: number;
}

export interface FakeHfRequest {
  path: string;
  authorization: string | undefined;
  contentType: string | undefined;
  body: unknown;
}

type Fault = { status: number; body: unknown; headers: Record<string, string> } | { delayMs: number };

const MODEL_PATH = /^\/(?:hf-inference\/)?models\/([\w.-]+(?:\/[\w.-]+)?)\/?$/;

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.destroyed) return; // the client gave up (timeout)
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Sentiment scores in the model's label order (not sorted: clients must not rely on order). */
export function fakeSentiment(text: string): { label: string; score: number }[] {
  const [negative, neutral, positive] = /love|great/i.test(text)
    ? [0.02, 0.08, 0.9]
    : /hate|awful/i.test(text)
      ? [0.85, 0.1, 0.05]
      : [0.15, 0.7, 0.15];
  return [
    { label: 'negative', score: negative },
    { label: 'neutral', score: neutral },
    { label: 'positive', score: positive },
  ];
}

/** Zero-shot scores in candidate order: labels found in the text weigh 4, others 1. */
export function fakeZeroShot(text: string, labels: readonly string[], multiLabel: boolean): { label: string; score: number }[] {
  const found = labels.map((label) => text.toLowerCase().includes(label.toLowerCase()));
  if (multiLabel) return labels.map((label, i) => ({ label, score: found[i] ? 0.95 : 0.05 }));
  const weights = found.map((f) => (f ? 4 : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  return labels.map((label, i) => ({ label, score: weights[i] / total }));
}

export class FakeHfServer {
  readonly #options: FakeHfServerOptions;
  readonly #server = createServer((req, res) => void this.#handle(req, res));
  readonly #closing = new AbortController();
  readonly #faults: Fault[] = [];
  /** Every request received, in order (including failed ones). */
  readonly requests: FakeHfRequest[] = [];
  #inFlight = 0;
  /** The most requests ever in flight at once. */
  maxInFlight = 0;

  constructor(options: FakeHfServerOptions) {
    this.#options = options;
  }

  async listen(): Promise<this> {
    await listenLoopback(this.#server);
    return this;
  }

  get url(): string {
    return loopbackUrl(this.#server);
  }

  /** The endpointUrl that serves `model` on this server. */
  modelUrl(model: string): string {
    return `${this.url}/models/${model}`;
  }

  /** The next `count` requests get `status` with an HF-style error body. */
  failNext(count: number, status: number, options: { error?: string; headers?: Record<string, string> } = {}): this {
    const body = {
      error: options.error ?? (status === 503 ? 'Model is currently loading' : `HTTP ${status}`),
      ...(status === 503 ? { estimated_time: 20 } : {}),
    };
    for (let i = 0; i < count; i++) this.#faults.push({ status, body, headers: options.headers ?? {} });
    return this;
  }

  /** The next `count` requests are answered (normally) only after `ms`. */
  delayNext(count: number, ms: number): this {
    for (let i = 0; i < count; i++) this.#faults.push({ delayMs: ms });
    return this;
  }

  async close(): Promise<void> {
    this.#closing.abort();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.#inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.#inFlight);
    let done = false;
    const finish = (): void => {
      if (!done) this.#inFlight--;
      done = true;
    };
    res.on('finish', finish);
    res.on('close', finish);
    const text = await readBody(req);
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // recorded as the raw string; answered with 400 below
    }
    this.requests.push({ path: req.url ?? '/', authorization: req.headers.authorization, contentType: req.headers['content-type'], body });
    const fault = this.#faults.shift();
    const delayMs = fault && 'delayMs' in fault ? fault.delayMs : this.#options.delayMs;
    if (delayMs) await sleep(delayMs, undefined, { signal: this.#closing.signal }).catch(() => undefined);
    if (fault && 'status' in fault) return sendJson(res, fault.status, fault.body, fault.headers);
    this.#answer(req, res, body);
  }

  #answer(req: IncomingMessage, res: ServerResponse, body: unknown): void {
    const { token } = this.#options;
    if (token !== undefined && req.headers.authorization !== `Bearer ${token}`) {
      return sendJson(res, 401, { error: 'Invalid credentials in Authorization header' });
    }
    const model = MODEL_PATH.exec(req.url ?? '')?.[1];
    const task = model === undefined ? undefined : this.#options.models[model];
    if (req.method !== 'POST' || task === undefined) return sendJson(res, 404, { error: `Model ${model ?? req.url} does not exist` });
    const { inputs, parameters = {} } = (typeof body === 'object' && body !== null ? body : {}) as {
      inputs?: unknown;
      parameters?: Record<string, unknown>;
    };
    if (typeof inputs !== 'string') return sendJson(res, 400, { error: 'Input should be a valid string: "inputs"' });
    if (task === 'text-classification') {
      const scores = fakeSentiment(inputs);
      return sendJson(res, 200, this.#options.textShape === 'flat' ? scores : [scores]);
    }
    const labels = parameters.candidate_labels;
    if (!Array.isArray(labels) || labels.length === 0 || !labels.every((l) => typeof l === 'string')) {
      return sendJson(res, 400, { error: 'Field required: "parameters.candidate_labels"' });
    }
    const scores = fakeZeroShot(inputs, labels, parameters.multi_label === true);
    if (this.#options.zeroShotShape === 'list') return sendJson(res, 200, scores);
    const sorted = [...scores].sort((a, b) => b.score - a.score);
    sendJson(res, 200, { sequence: inputs, labels: sorted.map((s) => s.label), scores: sorted.map((s) => s.score) });
  }
}

export async function startFakeHfServer(options: FakeHfServerOptions): Promise<FakeHfServer> {
  return new FakeHfServer(options).listen();
}
