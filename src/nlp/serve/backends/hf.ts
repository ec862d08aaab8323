/**
 * The `hf` inference backend: text classification and zero-shot classification through
 * @huggingface/inference, against the hosted HF Inference API
 * (https://router.huggingface.co/hf-inference/models/<model>) or a custom endpoint
 * (a dedicated Inference Endpoint, or a self-hosted TEI/TGI server) when `endpointUrl` is set.
 *
 * One request per text, at most `concurrency` in flight per backend instance, each with its own
 * timeout, retried with capped backoff on 429, 408, 5xx, timeouts and network errors. Bad token
 * (401/403), unknown model (404) and other 4xx fail at once, and cancel the rest of the batch.
 */
import {
  InferenceClient,
  InferenceClientHubApiError,
  InferenceClientInputError,
  InferenceClientProviderApiError,
  InferenceClientProviderOutputError,
} from '@huggingface/inference';
import { z } from 'zod';
import { AppError, describeError, ErrorCode, isAppError } from '../../../errors/app-error.ts';
import { withRetry } from '../../../errors/retry.ts';
import { type HfBackendOptions, type HfBackendOptionsInput, hfBackendOptionsShape } from './hf-options.ts';
import { createLimit } from './limit.ts';
import { bestFirst, type LabelScore, type TextClassificationBackend, type ZeroShotBackend } from './types.ts';

export { type HfBackendOptions, type HfBackendOptionsInput, hfBackendOptionsSchema, hfBackendOptionsShape } from './hf-options.ts';

export const HF_HOSTED_BASE_URL = 'https://router.huggingface.co/hf-inference/models';
export const HF_TOKEN_URL = 'https://huggingface.co/settings/tokens';

/** What the factories parse: other keys of a task config (backend, labels...) are ignored. */
const factoryOptionsSchema = z.object(hfBackendOptionsShape);

export interface HfBackendRuntime {
  /** Where the token is read from (default process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

type HfTask = 'text-classification' | 'zero-shot-classification';

interface CallContext {
  readonly model: string;
  readonly url: string;
  readonly tokenEnv: string;
  readonly hasToken: boolean;
  readonly task: HfTask;
}

function parseOptions(input: HfBackendOptionsInput): HfBackendOptions {
  const parsed = factoryOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(options)'}: ${issue.message}`);
  throw new AppError(ErrorCode.CONFIG, `Invalid hf backend options: ${problems.join('; ')}`, { context: { options: input } });
}

function resolveToken(options: HfBackendOptions, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = env[options.tokenEnv]?.trim() || undefined;
  if (token || options.endpointUrl) return token;
  throw new AppError(
    ErrorCode.CONFIG,
    `The Hugging Face inference API needs an access token for model ${options.model}: set ${options.tokenEnv} to a token from ${HF_TOKEN_URL} ` +
      '(fine-grained tokens need the "Make calls to Inference Providers" permission), or set endpointUrl to a self-hosted endpoint.',
    { context: { model: options.model, url: `${HF_HOSTED_BASE_URL}/${options.model}`, tokenEnv: options.tokenEnv } },
  );
}

const isLabelScore = (value: unknown): boolean =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as LabelScore).label === 'string' &&
  typeof (value as LabelScore).score === 'number';

/**
 * The fetch handed to the library. It turns a failed connection into a retriable AppError naming
 * the URL, and, for text classification, nests a flat `[{label,score}]` answer (TEI, the inference
 * toolkit) into the documented `[[{label,score}]]`, the only shape the library accepts.
 */
function createFetch(ctx: CallContext): typeof fetch {
  return async (input, init) => {
    let response: Response;
    try {
      response = await fetch(input, init);
    } catch (error) {
      if (init?.signal?.aborted) throw error;
      const cause = error instanceof Error && error.cause !== undefined ? `: ${describeError(error.cause)}` : '';
      throw new AppError(
        ErrorCode.REMOTE_API,
        `Could not reach ${String(input)} for model ${ctx.model} (${describeError(error)}${cause})`,
        {
          retriable: true,
          cause: error,
          context: { model: ctx.model, url: String(input) },
        },
      );
    }
    if (ctx.task !== 'text-classification' || !response.ok || !response.headers.get('content-type')?.startsWith('application/json'))
      return response;
    const body: unknown = await response.json();
    const flat = Array.isArray(body) && body.length > 0 && body.every(isLabelScore);
    return Response.json(flat ? [body] : body, { status: response.status });
  };
}

const detailOf = (error: Error): string => error.message.replace(/^Failed to perform inference: /, '');

function httpError(error: InferenceClientProviderApiError | InferenceClientHubApiError, ctx: CallContext): AppError {
  const { status } = error.httpResponse;
  const url = error.httpRequest.url;
  const context = { model: ctx.model, url, status };
  const detail = detailOf(error);
  if (status === 401 || status === 403) {
    const what = ctx.hasToken
      ? `refused the token in ${ctx.tokenEnv}: it is invalid or lacks access to this model`
      : `needs a token and ${ctx.tokenEnv} is not set`;
    return new AppError(
      ErrorCode.CONFIG,
      `${url} (HTTP ${status}) ${what}. Set ${ctx.tokenEnv} to a valid token from ${HF_TOKEN_URL} (model ${ctx.model}; server said: ${detail})`,
      {
        cause: error,
        context,
      },
    );
  }
  if (status === 404) {
    return new AppError(
      ErrorCode.CONFIG,
      `Model ${ctx.model} was not found at ${url} (HTTP 404): the model id is wrong or this endpoint does not serve it; check "model" and "endpointUrl" in config/models.json (server said: ${detail})`,
      { cause: error, context },
    );
  }
  const retriable = status === 408 || status === 429 || status >= 500;
  return new AppError(
    ErrorCode.REMOTE_API,
    `Hugging Face inference for model ${ctx.model} at ${url} answered HTTP ${status}${retriable ? '' : ' (not retried)'}: ${detail}`,
    {
      retriable,
      cause: error,
      context,
    },
  );
}

function toAppError(error: unknown, ctx: CallContext): AppError {
  if (isAppError(error)) return error;
  if (error instanceof InferenceClientProviderApiError || error instanceof InferenceClientHubApiError) return httpError(error, ctx);
  const context = { model: ctx.model, url: ctx.url };
  if (error instanceof InferenceClientProviderOutputError) {
    return new AppError(
      ErrorCode.REMOTE_API,
      `${ctx.url} answered in an unexpected shape for ${ctx.task} with model ${ctx.model}: ${error.message}`,
      { cause: error, context },
    );
  }
  if (error instanceof InferenceClientInputError) {
    return new AppError(ErrorCode.CONFIG, `Hugging Face inference for model ${ctx.model} at ${ctx.url} cannot be used: ${error.message}`, {
      cause: error,
      context,
    });
  }
  return new AppError(ErrorCode.INTERNAL, `Hugging Face inference for model ${ctx.model} at ${ctx.url} failed: ${describeError(error)}`, {
    cause: error,
    context,
  });
}

interface Caller {
  readonly name: string;
  readonly client: InferenceClient;
  /** Model and, for the hosted API, the provider: spread into every task call. */
  readonly args: { model: string; provider?: 'hf-inference' };
  /** Sends one request per item (in order), under the limit, with timeout and retries. */
  all<I, T>(items: readonly I[], send: (item: I, signal: AbortSignal) => Promise<T>): Promise<T[]>;
  close(): Promise<void>;
}

function createCaller(input: HfBackendOptionsInput, runtime: HfBackendRuntime, task: HfTask): Caller {
  const options = parseOptions(input);
  const token = resolveToken(options, runtime.env ?? process.env);
  const ctx: CallContext = {
    model: options.model,
    url: options.endpointUrl ?? `${HF_HOSTED_BASE_URL}/${options.model}`,
    tokenEnv: options.tokenEnv,
    hasToken: token !== undefined,
    task,
  };
  // retry_on_error: false, else the library re-sends a 503 at once, forever, with no backoff.
  const client = new InferenceClient(token, { endpointUrl: options.endpointUrl, retry_on_error: false, fetch: createFetch(ctx) });
  const limit = createLimit(options.concurrency);
  const closing = new AbortController();

  const attempt = async <T>(send: (signal: AbortSignal) => Promise<T>, batch: AbortSignal): Promise<T> => {
    if (closing.signal.aborted || batch.aborted) {
      const why = closing.signal.aborted ? 'the backend was closed' : 'another text in the batch failed';
      throw new AppError(ErrorCode.INTERNAL, `Request to ${ctx.url} for model ${ctx.model} cancelled: ${why}`, {
        context: { model: ctx.model, url: ctx.url },
      });
    }
    const timeout = AbortSignal.timeout(options.timeoutMs);
    try {
      return await send(AbortSignal.any([closing.signal, batch, timeout]));
    } catch (error) {
      if (timeout.aborted && !closing.signal.aborted && !batch.aborted) {
        throw new AppError(
          ErrorCode.REMOTE_API,
          `Hugging Face inference for model ${ctx.model} at ${ctx.url} timed out after ${options.timeoutMs} ms`,
          {
            retriable: true,
            cause: error,
            context: { model: ctx.model, url: ctx.url, timeoutMs: options.timeoutMs },
          },
        );
      }
      throw toAppError(error, ctx);
    }
  };

  const one = <T>(send: (signal: AbortSignal) => Promise<T>, batch: AbortController): Promise<T> =>
    withRetry(() => limit(() => attempt(send, batch.signal)), {
      retries: options.retries,
      initialMs: options.initialBackoffMs,
      maxMs: options.maxBackoffMs,
      signal: closing.signal,
    }).catch((error: unknown) => {
      batch.abort(error); // one text failed for good: don't spend requests on the rest
      throw error;
    });

  return {
    name: `hf:${options.model}`,
    client,
    args: options.endpointUrl ? { model: options.model } : { model: options.model, provider: 'hf-inference' },
    async all(items, send) {
      const batch = new AbortController();
      return Promise.all(items.map((item) => one((signal) => send(item, signal), batch)));
    },
    async close() {
      closing.abort();
    },
  };
}

export function createHfTextClassification(options: HfBackendOptionsInput, runtime: HfBackendRuntime = {}): TextClassificationBackend {
  const caller = createCaller(options, runtime, 'text-classification');
  return {
    name: caller.name,
    classify: (texts) =>
      caller.all(texts, async (text, signal) =>
        bestFirst(await caller.client.textClassification({ ...caller.args, inputs: text }, { signal })),
      ),
    close: caller.close,
  };
}

export function createHfZeroShot(options: HfBackendOptionsInput, runtime: HfBackendRuntime = {}): ZeroShotBackend {
  const caller = createCaller(options, runtime, 'zero-shot-classification');
  return {
    name: caller.name,
    async classify(texts, candidateLabels, { multiLabel = false, hypothesisTemplate } = {}) {
      if (candidateLabels.length === 0) {
        throw new AppError(ErrorCode.INVALID_INPUT, `Zero-shot classification with ${caller.name} needs at least one candidate label`);
      }
      const parameters = {
        candidate_labels: [...candidateLabels],
        multi_label: multiLabel,
        ...(hypothesisTemplate ? { hypothesis_template: hypothesisTemplate } : {}),
      };
      return caller.all(texts, async (text, signal) =>
        bestFirst(await caller.client.zeroShotClassification({ ...caller.args, inputs: text, parameters }, { signal })),
      );
    },
    close: caller.close,
  };
}
