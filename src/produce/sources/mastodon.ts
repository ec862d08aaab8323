/**
 * The `mastodon` source: public posts from one Mastodon instance's streaming API
 * (https://docs.joinmastodon.org/methods/streaming/) over a WebSocket:
 * `wss://HOST/api/v1/streaming?stream=public|public:local|hashtag|hashtag:local[&tag=T]`, with the
 * user token as `Authorization: Bearer` (instances require one for streaming since 4.2). Each
 * frame is `{"stream": [...], "event": ..., "payload": ...}`: `update` and `status.update` carry
 * a Status entity as a JSON *string*, `delete` the deleted status' id.
 *
 * Keys: status ids are only unique per instance, and a `delete` names only the id, so a post's
 * id here is `https://HOST/api/v1/statuses/<id>` on the instance we read from; its ActivityPub
 * `uri` is kept in the uri field. There is no resume cursor: the position is the newest status id
 * seen, and after every (re)connect the gap is filled from the REST timeline with `min_id`
 * (https://docs.joinmastodon.org/methods/timelines/), page by page, before live frames.
 * Duplicates between the two are harmless: same key.
 */

import { Platform, type PostInput, type SourceItem } from '../../contracts/post-input.ts';
import { AppError, describeError, ErrorCode } from '../../errors/app-error.ts';
import type { Logger } from '../../telemetry/log.ts';
import type { Source } from '../source.ts';
import { matchesKeywords, wantsLanguage } from './filters.ts';
import { htmlToText } from './html-text.ts';
import { DEFAULT_RECONNECT, type ReconnectPolicy, reconnecting } from './reconnect.ts';
import { type ConnectionSummary, isBinaryMarker, openFrames } from './websocket-frames.ts';

export type MastodonStream = 'public' | 'public:local' | 'hashtag' | 'hashtag:local';

export interface MastodonSourceOptions {
  /** Base URL, e.g. https://mastodon.social (http for a local fake). */
  readonly instance: string;
  readonly token?: string;
  readonly stream?: MastodonStream;
  readonly hashtag?: string;
  readonly keywords?: readonly string[];
  readonly languages?: readonly string[] | null;
  /** Only statuses by these accounts (`acct`: `user` for local, `user@domain` for remote ones); empty = all. */
  readonly accounts?: readonly string[];
  readonly pingIntervalMs?: number;
  readonly stallTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  /** Gap-fill stops after this many timeline pages (40 statuses each). */
  readonly maxGapPages?: number;
  readonly logger: Logger;
}

interface Status {
  id: string;
  uri?: string;
  url?: string | null;
  created_at: string;
  edited_at?: string | null;
  content: string;
  language?: string | null;
  in_reply_to_id?: string | null;
  reblog?: unknown;
  account: { id: string; acct: string };
  tags?: Array<{ name?: string }>;
  favourites_count?: number;
  reblogs_count?: number;
  replies_count?: number;
}

type Mapped = SourceItem | { kind: 'skip'; position?: string };

export function createMastodonSource(options: MastodonSourceOptions): Source {
  const instance = checkInstance(options.instance);
  const stream = options.stream ?? 'public';
  if (stream.startsWith('hashtag') && !options.hashtag)
    throw new AppError(ErrorCode.CONFIG, `mastodon source: --stream ${stream} needs --hashtag, e.g. climate`);
  return { name: 'mastodon', resumable: true, items: (signal, from) => streamItems({ ...options, instance, stream }, signal, from) };
}

function checkInstance(instance: string): string {
  if (!URL.canParse(instance) || !/^https?:$/.test(new URL(instance).protocol)) {
    throw new AppError(ErrorCode.CONFIG, `mastodon source: instance "${instance}" is not an http(s) URL, e.g. "https://mastodon.social"`, {
      context: { source: 'mastodon' },
    });
  }
  return new URL(instance).origin;
}

async function* streamItems(
  options: MastodonSourceOptions & { instance: string; stream: MastodonStream },
  signal: AbortSignal,
  from: string | undefined,
): AsyncGenerator<SourceItem> {
  const log = options.logger.child({ source: 'mastodon', instance: options.instance });
  let newest = from;
  const seen = (id: string) => {
    if (newest === undefined || compareIds(id, newest) > 0) newest = id;
  };
  const connect = async (): Promise<AsyncGenerator<Mapped, ConnectionSummary>> => {
    const frames = await openFrames({
      url: streamingUrl(options.instance, options.stream, options.hashtag),
      headers: options.token ? { Authorization: `Bearer ${options.token}` } : undefined,
      signal,
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
    }).catch((error: unknown) => {
      throw explain(error);
    });
    const since = newest;
    return (async function* () {
      if (since !== undefined) yield* gapFill(options, since, signal, log);
      for (;;) {
        const frame = await frames.next();
        if (frame.done) return frame.value;
        yield toSourceItem(frame.value, options);
      }
    })();
  };
  for await (const item of reconnecting('mastodon', connect, options.reconnect ?? DEFAULT_RECONNECT, log, signal)) {
    if (item.position !== undefined) seen(item.position);
    if (item.kind !== 'skip') yield item.position !== undefined && newest !== undefined ? { ...item, position: newest } : item;
  }
}

export function streamingUrl(instance: string, stream: MastodonStream, hashtag?: string): string {
  const url = new URL('/api/v1/streaming', instance);
  url.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  url.searchParams.set('stream', stream);
  if (stream.startsWith('hashtag') && hashtag) url.searchParams.set('tag', hashtag);
  return url.toString();
}

/** The REST timeline matching the stream, newer than `minId`. */
export function timelineUrl(instance: string, stream: MastodonStream, hashtag: string | undefined, minId: string): string {
  const path = stream.startsWith('hashtag') ? `/api/v1/timelines/tag/${encodeURIComponent(hashtag ?? '')}` : '/api/v1/timelines/public';
  const url = new URL(path, instance);
  if (stream.endsWith(':local')) url.searchParams.set('local', 'true');
  url.searchParams.set('min_id', minId);
  url.searchParams.set('limit', '40');
  return url.toString();
}

/** Pages forward from `since` (min_id = newest id of the previous page) until a page comes back empty. */
async function* gapFill(
  options: MastodonSourceOptions & { instance: string; stream: MastodonStream },
  since: string,
  signal: AbortSignal,
  log: Logger,
): AsyncGenerator<Mapped> {
  let minId = since;
  let filled = 0;
  for (let page = 0; page < (options.maxGapPages ?? 50) && !signal.aborted; page++) {
    const url = timelineUrl(options.instance, options.stream, options.hashtag, minId);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { Accept: 'application/json', ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}) },
        signal,
      });
    } catch (error) {
      throw new AppError(ErrorCode.REMOTE_API, `mastodon gap-fill: could not reach ${url}: ${describeError(error)}`, {
        retriable: true,
        cause: error,
      });
    }
    if (!response.ok) {
      const body = (await response.text().catch(() => '')).slice(0, 300);
      throw explain(
        new AppError(ErrorCode.REMOTE_API, `mastodon gap-fill: ${url} answered HTTP ${response.status}${body ? `: ${body}` : ''}`, {
          retriable: response.status === 429 || response.status >= 500,
          context: { status: response.status },
        }),
      );
    }
    const statuses = (await response.json().catch(() => null)) as unknown;
    if (!Array.isArray(statuses))
      throw new AppError(ErrorCode.REMOTE_API, `mastodon gap-fill: ${url} did not answer with a JSON array`, { retriable: true });
    if (statuses.length === 0) break;
    const ordered = [...statuses].sort((a, b) => compareIds(String((a as Status).id), String((b as Status).id)));
    for (const status of ordered) yield fromStatus(status, options, false, 'mastodon:timeline');
    filled += ordered.length;
    minId = String((ordered[ordered.length - 1] as Status).id);
  }
  log.info('gap filled from the timeline', { since, statuses: filled });
}

/** Numeric ids compare as numbers (Mastodon's are 64-bit snowflakes as strings), others as strings. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function postKey(instance: string, statusId: string): string {
  return `${instance}/api/v1/statuses/${statusId}`;
}

type Filters = Pick<MastodonSourceOptions, 'keywords' | 'languages' | 'accounts'> & { instance: string };

export function toSourceItem(frame: string, options: Filters): Mapped {
  const origin = 'mastodon:stream';
  if (isBinaryMarker(frame))
    return { kind: 'unparsable', raw: '', reason: 'binary frame: the streaming API sends JSON text frames', origin };
  let message: { event?: unknown; payload?: unknown };
  try {
    message = JSON.parse(frame) as typeof message;
  } catch (error) {
    return { kind: 'unparsable', raw: frame, reason: `streaming frame is not JSON: ${(error as Error).message}`, origin };
  }
  if (typeof message !== 'object' || message === null || typeof message.event !== 'string')
    return { kind: 'unparsable', raw: frame, reason: 'streaming frame has no "event"', origin };
  if (message.event === 'delete') {
    if (typeof message.payload !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(message.payload))
      return { kind: 'unparsable', raw: frame, reason: 'delete payload is not a status id', origin };
    return { kind: 'delete', id: postKey(options.instance, message.payload), origin: `mastodon:status/${message.payload}` };
  }
  if (message.event !== 'update' && message.event !== 'status.update') return { kind: 'skip' };
  if (typeof message.payload !== 'string')
    return { kind: 'unparsable', raw: frame, reason: `${message.event} payload is not a JSON string`, origin };
  let status: unknown;
  try {
    status = JSON.parse(message.payload);
  } catch (error) {
    return { kind: 'unparsable', raw: frame, reason: `${message.event} payload is not JSON: ${(error as Error).message}`, origin };
  }
  return fromStatus(status, options, message.event === 'status.update', origin);
}

function fromStatus(status: unknown, options: Filters, edit: boolean, origin: string): Mapped {
  const s = status as Partial<Status> | null;
  if (typeof s !== 'object' || s === null || typeof s.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(s.id)) {
    return { kind: 'unparsable', raw: JSON.stringify(status) ?? '', reason: 'not a Status entity: id is missing', origin };
  }
  if (typeof s.account !== 'object' || s.account === null || typeof s.content !== 'string') {
    return {
      kind: 'unparsable',
      raw: JSON.stringify(status),
      reason: 'not a Status entity: account or content is missing',
      origin,
      position: edit ? undefined : s.id,
    };
  }
  // Edits keep their id; only new statuses move the gap-fill position.
  const position = edit ? undefined : s.id;
  if (s.reblog) return { kind: 'skip', position };
  const post = toPostInput(s as Status, options.instance, edit);
  if (post.text.trim() === '') return { kind: 'skip', position };
  if (!wantsLanguage(post.langs ?? [], options.languages ?? null)) return { kind: 'skip', position };
  if (!matchesKeywords(post.text, post.hashtags ?? [], options.keywords ?? [])) return { kind: 'skip', position };
  if (options.accounts?.length && !options.accounts.some((a) => a.replace(/^@/, '').toLowerCase() === post.author.handle.toLowerCase()))
    return { kind: 'skip', position };
  return { kind: 'post', value: post, origin: `mastodon:status/${s.id}`, position };
}

export function toPostInput(status: Status, instance: string, edit: boolean): PostInput {
  const langs = typeof status.language === 'string' && status.language ? [status.language] : [];
  return {
    id: postKey(instance, status.id),
    text: htmlToText(status.content),
    created_at: status.created_at,
    author: { id: String(status.account.id), handle: String(status.account.acct) },
    author_did: null,
    lang: langs[0] ?? null,
    langs,
    hashtags: (status.tags ?? []).map((t) => t?.name).filter((n): n is string => typeof n === 'string'),
    metrics: { like_count: status.favourites_count ?? 0, retweet_count: status.reblogs_count ?? 0, reply_count: status.replies_count ?? 0 },
    platform: Platform.MASTODON,
    uri: typeof status.uri === 'string' ? status.uri : '',
    url: typeof status.url === 'string' ? status.url : null,
    reply_to: typeof status.in_reply_to_id === 'string' ? postKey(instance, status.in_reply_to_id) : null,
    edited_at: typeof status.edited_at === 'string' ? status.edited_at : edit ? new Date().toISOString() : null,
  };
}

const HINTS: Record<number, string> = {
  401: 'the instance refused the token: set MASTODON_TOKEN to a valid user access token (Preferences > Development > New application, scope read)',
  403: 'the token lacks the read scope, or the instance does not allow this stream',
};

function explain(error: unknown): unknown {
  if (!(error instanceof AppError)) return error;
  const status = Number(error.context.status ?? 0);
  const hint = HINTS[status];
  return hint
    ? new AppError(ErrorCode.REMOTE_API, `${error.message}: ${hint}`, { retriable: false, cause: error, context: error.context })
    : error;
}
