/**
 * The `x` source: posts from the X API v2 filtered stream.
 * https://developer.x.com/en/docs/x-api/tweets/filtered-stream/introduction
 *
 * On start it syncs the stream rules (deletes rules it was not given, adds the missing ones
 * tagged `streamsense`), then holds one stream connection and reconnects when it drops.
 * Reconnects are our own loop rather than twitter-api-v2's `autoReconnect`, which retries
 * every failure alike (a revoked token would be retried forever) and swallows the error of
 * a failed first connection. Here 401/403/4xx fail at once, 429/5xx/network errors back off
 * exponentially with jitter, and `maxReconnects` consecutive fruitless attempts give up.
 */
import { Agent } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InlineErrorV2, ITwitterApiClientPlugin, TweetStream, TweetV2SingleStreamResult, TwitterApiv2 } from 'twitter-api-v2';
import { ApiPartialResponseError, ApiRequestError, ApiResponseError, ETwitterStreamEvent, TwitterApi } from 'twitter-api-v2';
import type { SourceItem } from '../../contracts/post-input.ts';
import { AppError, describeError, ErrorCode } from '../../errors/app-error.ts';
import { backoffDelay as sharedBackoff } from '../../errors/retry.ts';
import type { Logger } from '../../telemetry/log.ts';
import type { Source } from '../source.ts';
import { postFromStreamPayload, tweetQueryFields } from '../twitter-v2.ts';

export const X_API_BASE_URL = 'https://api.x.com';
export const X_RULE_TAG = 'streamsense';

export interface XSourceOptions {
  bearerToken: string | undefined;
  /** Filtered-stream rule values, e.g. `covid OR vaccine lang:en -is:retweet`. */
  rules: string[];
  ruleTag?: string;
  /** Origin (and optional path prefix) that stands in for https://api.x.com, e.g. a local fake. */
  baseUrl?: string;
  /** Consecutive failed attempts (no data received) before giving up. */
  maxReconnects?: number;
  backoffMs?: { initial: number; max: number };
  /** Reconnect when neither data nor a heartbeat arrived for this long (X sends one every 20 s). */
  keepAliveTimeoutMs?: number;
  logger: Logger;
}

type XSourceConfig = Required<Omit<XSourceOptions, 'bearerToken'>> & { bearerToken: string };
type XStream = TweetStream<TweetV2SingleStreamResult>;

export function createXSource(options: XSourceOptions): Source {
  const config = checkOptions(options);
  return { name: 'x', items: (signal) => streamItems(config, signal) };
}

function checkOptions(options: XSourceOptions): XSourceConfig {
  const problems: string[] = [];
  if (!options.bearerToken?.trim())
    problems.push("the X API bearer token is missing: set X_BEARER_TOKEN to the app's bearer token from developer.x.com");
  if (!options.rules.some((rule) => rule.trim())) problems.push('no stream rules: give at least one, e.g. "covid OR vaccine lang:en"');
  const baseUrl = options.baseUrl ?? X_API_BASE_URL;
  if (!URL.canParse(baseUrl) || !/^https?:$/.test(new URL(baseUrl).protocol))
    problems.push(`base URL "${baseUrl}" is not an http(s) URL, e.g. "${X_API_BASE_URL}"`);
  if (problems.length) throw new AppError(ErrorCode.CONFIG, `x source: ${problems.join('; ')}`, { context: { source: 'x' } });
  return {
    bearerToken: options.bearerToken!.trim(),
    rules: [...new Set(options.rules.map((rule) => rule.trim()).filter(Boolean))],
    ruleTag: options.ruleTag ?? X_RULE_TAG,
    baseUrl: baseUrl.replace(/\/+$/, ''),
    maxReconnects: options.maxReconnects ?? 10,
    backoffMs: options.backoffMs ?? { initial: 1_000, max: 60_000 },
    keepAliveTimeoutMs: options.keepAliveTimeoutMs ?? 60_000,
    logger: options.logger,
  };
}

/**
 * twitter-api-v2 hard-codes https://api.x.com/2/ as the v2 prefix (its `cloneWithPrefix` is
 * broken in 1.29: it calls a class constructor without `new`), so the base URL is swapped in
 * by a plugin, the library's supported hook for rewriting a request before it is built.
 */
export function baseUrlPlugin(baseUrl: string): ITwitterApiClientPlugin {
  const rewrite = ({ params }: { params: { url: string } }): void => {
    if (params.url.startsWith(`${X_API_BASE_URL}/`)) params.url = baseUrl + params.url.slice(X_API_BASE_URL.length);
  };
  return { onBeforeRequestConfig: rewrite, onBeforeStreamRequestConfig: rewrite };
}

/** A v2 client for `baseUrl`; plain http needs an http Agent, as the library sends with `https.request`. */
export function createXClient(bearerToken: string, baseUrl: string = X_API_BASE_URL): TwitterApiv2 {
  const plain = new URL(baseUrl).protocol === 'http:';
  const plugins = baseUrl === X_API_BASE_URL ? [] : [baseUrlPlugin(baseUrl)];
  return new TwitterApi(bearerToken, { plugins, ...(plain ? { httpAgent: new Agent() } : {}) }).v2;
}

/** Makes the app's rules exactly `wanted`: deletes the others, adds the missing ones with `tag`. */
export async function syncRules(v2: TwitterApiv2, wanted: string[], tag: string): Promise<{ added: string[]; deleted: string[] }> {
  const existing = (await v2.streamRules()).data ?? [];
  const stale = existing.filter((rule) => !wanted.includes(rule.value));
  const missing = wanted.filter((value) => !existing.some((rule) => rule.value === value));
  if (stale.length) {
    const result = await v2.updateStreamRules({ delete: { ids: stale.map((rule) => rule.id) } });
    throwOnRuleErrors(result.errors, 'delete');
  }
  if (missing.length) {
    const result = await v2.updateStreamRules({ add: missing.map((value) => ({ value, tag })) });
    // A duplicate means another process added the same rule meanwhile: the state we want.
    throwOnRuleErrors(
      result.errors?.filter((e) => e.title !== 'DuplicateRule'),
      'add',
    );
  }
  return { added: missing, deleted: stale.map((rule) => rule.value) };
}

function throwOnRuleErrors(errors: readonly Partial<InlineErrorV2>[] | undefined, action: string): void {
  if (!errors?.length) return;
  const details = errors.map((e) => [e.value, e.title, e.detail].filter(Boolean).join(': ')).join('; ');
  throw new AppError(
    ErrorCode.CONFIG,
    `X rejected the stream rule ${action}: ${details}. Fix the rule syntax (see developer.x.com "build a rule")`,
    {
      context: { source: 'x', errors },
    },
  );
}

async function* streamItems(config: XSourceConfig, signal: AbortSignal): AsyncGenerator<SourceItem> {
  const log = config.logger.child({ source: 'x' });
  const v2 = createXClient(config.bearerToken, config.baseUrl);
  let rulesSynced = false;
  let failures = 0;
  let connection = 0;
  while (!signal.aborted) {
    let retryAfterMs = 0;
    try {
      if (!rulesSynced) {
        const { added, deleted } = await syncRules(v2, config.rules, config.ruleTag);
        log.info('stream rules synced', { added: added.length, deleted: deleted.length, rules: config.rules.length });
        rulesSynced = true;
      }
      const stream = await connectStream(v2, config.keepAliveTimeoutMs);
      connection++;
      log.info('connected to the filtered stream', { connection });
      const received = yield* pumpStream(stream, signal, log.child({ connection }));
      if (signal.aborted) return;
      failures = received > 0 ? 0 : failures + 1;
      log.warn('stream connection closed; reconnecting', { connection, received });
    } catch (error) {
      const appError = toAppError(error, config.baseUrl);
      if (!appError.retriable || signal.aborted) throw appError;
      failures++;
      retryAfterMs = Number(appError.context.retryAfterMs ?? 0);
      log.warn('X API call failed; will retry', { error: appError.message, failures });
      if (failures > config.maxReconnects) throw giveUp(appError, failures);
    }
    if (failures > config.maxReconnects) throw giveUp(undefined, failures);
    if (!(await pause(Math.max(retryAfterMs, backoffDelay(failures, config.backoffMs)), signal))) return;
  }
}

function giveUp(last: AppError | undefined, failures: number): AppError {
  const why = last ? `last error: ${last.message}` : 'each connection closed before any data arrived';
  return new AppError(
    ErrorCode.REMOTE_API,
    `X filtered stream: gave up after ${failures} failed attempts (${why}). Check X's status page and the app's access level, then restart`,
    {
      retriable: true,
      cause: last,
      context: { source: 'x', failures },
    },
  );
}

/** The shared capped exponential backoff; the first failure (or a dropped healthy connection) waits about `initial`. */
export function backoffDelay(failures: number, { initial, max }: { initial: number; max: number }): number {
  return sharedBackoff(Math.max(0, failures - 1), initial, max);
}

async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

async function connectStream(v2: TwitterApiv2, keepAliveTimeoutMs: number): Promise<XStream> {
  const stream = v2.searchStream({
    expansions: [...tweetQueryFields.expansions],
    'tweet.fields': [...tweetQueryFields['tweet.fields']],
    'user.fields': [...tweetQueryFields['user.fields']],
    autoConnect: false,
  });
  await stream.connect({ autoReconnect: false, keepAliveTimeout: keepAliveTimeoutMs });
  return stream;
}

/** Yields the items of one connection until it closes; returns how many messages (data or heartbeats) arrived. */
async function* pumpStream(stream: XStream, signal: AbortSignal, log: Logger): AsyncGenerator<SourceItem, number> {
  const queue: SourceItem[] = [];
  let received = 0;
  let closed = false;
  let wake: (() => void) | undefined;
  const push = (item?: SourceItem) => {
    if (item) queue.push(item);
    wake?.();
  };
  stream.on(ETwitterStreamEvent.Data, (payload) => {
    received++;
    push(toSourceItem(payload));
  });
  stream.on(ETwitterStreamEvent.DataKeepAlive, () => received++);
  stream.on(ETwitterStreamEvent.DataError, (payload) => {
    received++;
    log.warn('X sent an error on the stream', { errors: payload.errors });
  });
  stream.on(ETwitterStreamEvent.TweetParseError, (error) => {
    received++;
    // twitter-api-v2 does not expose the raw line; JSON.parse's message quotes its start.
    push({ kind: 'unparsable', raw: '', reason: `stream line is not JSON: ${describeError(error)}`, origin: 'x:stream' });
  });
  stream.on(ETwitterStreamEvent.ConnectionLost, () => log.warn('no data or heartbeat in time; reconnecting'));
  stream.on(ETwitterStreamEvent.ConnectionClosed, () => {
    closed = true;
    push();
  });
  const onAbort = () => stream.close();
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) stream.close();
  try {
    while (queue.length || !closed) {
      const item = queue.shift();
      if (item) yield item;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
    return received;
  } finally {
    signal.removeEventListener('abort', onAbort);
    stream.destroy();
  }
}

function toSourceItem(payload: TweetV2SingleStreamResult): SourceItem {
  const id = typeof payload.data?.id === 'string' ? payload.data.id : undefined;
  return { kind: 'post', value: postFromStreamPayload(payload), origin: id ? `x:tweet/${id}` : 'x:stream' };
}

const statusHints: Record<number, string> = {
  401: 'the bearer token was rejected: check X_BEARER_TOKEN (regenerate it at developer.x.com if it was revoked)',
  403: 'the app may lack access to the filtered stream: check its project and access level',
  429: 'rate limited or at the connection limit (another process may hold the stream)',
};

/** Classifies a twitter-api-v2 failure: only 429, 5xx and network errors are worth retrying. */
export function toAppError(error: unknown, baseUrl: string): AppError {
  if (error instanceof AppError) return error;
  const context: Record<string, unknown> = { source: 'x', baseUrl };
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const hint = statusHints[status] ?? (status >= 500 ? 'X is having trouble; retrying' : 'the request was refused');
    const reset = error.rateLimit?.reset;
    if (status === 429 && reset) context.retryAfterMs = Math.max(0, reset * 1000 - Date.now());
    return new AppError(ErrorCode.REMOTE_API, `X API answered ${status} (${error.message}): ${hint}`, {
      retriable: status === 429 || status >= 500,
      cause: error,
      context: { ...context, status },
    });
  }
  if (error instanceof ApiRequestError || error instanceof ApiPartialResponseError) {
    const cause = error instanceof ApiRequestError ? error.requestError : error.responseError;
    return new AppError(ErrorCode.REMOTE_API, `could not reach the X API at ${baseUrl}: ${describeError(cause)}`, {
      retriable: true,
      cause: error,
      context,
    });
  }
  return new AppError(ErrorCode.INTERNAL, `x source failed unexpectedly: ${describeError(error)}`, { cause: error, context });
}
