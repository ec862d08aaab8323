/**
 * The `bluesky` source: posts from Bluesky's Jetstream, the JSON view of the AT Protocol
 * firehose (https://github.com/bluesky-social/jetstream), over a WebSocket, no key needed.
 *
 * Query: `wantedCollections` (repeatable), `wantedDids` (repeatable), `cursor` in unix
 * microseconds (absent = live tail). Each frame is one event `{did, time_us, kind, commit}`;
 * for kind `commit`, `commit.operation` is create | update | delete on `commit.collection` /
 * `commit.rkey`, and `commit.record` (create, update) is an app.bsky.feed.post record: text,
 * createdAt, langs, facets, reply, embed. A post's identity is `at://<did>/<collection>/<rkey>`,
 * its id here, so at-least-once delivery and replays only ever update the same key.
 *
 * Resuming: each item's position is the event's `time_us`; the producer stores it after the
 * posts up to it were acknowledged, and a restart asks for `cursor = position - rewind`
 * (Jetstream's README suggests rewinding a few seconds for gapless playback when processing
 * idempotently). Reconnects inside a run do the same from the last event seen.
 * `compress=true` (zstd with a custom dictionary) is not used: Node 20's zlib has no zstd.
 */

import { Platform, type PostInput, type SourceItem } from '../../contracts/post-input.ts';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import type { Logger } from '../../telemetry/log.ts';
import type { Source } from '../source.ts';
import { matchesKeywords, wantsLanguage } from './filters.ts';
import { DEFAULT_RECONNECT, type ReconnectPolicy, reconnecting } from './reconnect.ts';
import { isBinaryMarker, openFrames } from './websocket-frames.ts';

export const JETSTREAM_URL = 'wss://jetstream1.us-east.bsky.network/subscribe';
export const POST_COLLECTION = 'app.bsky.feed.post';

export interface BlueskySourceOptions {
  readonly url?: string;
  /** Only posts by these DIDs (Jetstream's wantedDids); empty = everyone. */
  readonly dids?: readonly string[];
  /** Only posts whose text holds one of these words or hashtags (case-insensitive); empty = all. */
  readonly keywords?: readonly string[];
  /** Primary language subtags to keep (from the record's `langs`); null = every language. */
  readonly languages?: readonly string[] | null;
  /** How far before the stored cursor a restart or reconnect resumes. */
  readonly rewindMs?: number;
  readonly pingIntervalMs?: number;
  readonly stallTimeoutMs?: number;
  readonly reconnect?: ReconnectPolicy;
  readonly logger: Logger;
}

export function createBlueskySource(options: BlueskySourceOptions): Source {
  const url = options.url ?? JETSTREAM_URL;
  if (!URL.canParse(url) || !/^wss?:$/.test(new URL(url).protocol)) {
    throw new AppError(ErrorCode.CONFIG, `bluesky source: "${url}" is not a ws(s) URL, e.g. "${JETSTREAM_URL}"`, {
      context: { source: 'bluesky' },
    });
  }
  return {
    name: 'bluesky',
    resumable: true,
    items: (signal, from) => streamItems({ ...options, url }, signal, from),
  };
}

async function* streamItems(
  options: BlueskySourceOptions & { url: string },
  signal: AbortSignal,
  from: string | undefined,
): AsyncGenerator<SourceItem> {
  const log = options.logger.child({ source: 'bluesky' });
  const rewindUs = BigInt(options.rewindMs ?? 5_000) * 1000n;
  let lastSeen = from !== undefined && /^\d+$/.test(from) ? BigInt(from) : undefined;
  const connect = async () => {
    const cursor = lastSeen === undefined ? undefined : lastSeen - rewindUs;
    const url = subscribeUrl(options.url, { dids: options.dids ?? [], cursor });
    log.info('connecting to Jetstream', { url, cursor: cursor?.toString() });
    return openFrames({ url, signal, pingIntervalMs: options.pingIntervalMs ?? 15_000, stallTimeoutMs: options.stallTimeoutMs ?? 60_000 });
  };
  for await (const frame of reconnecting('bluesky', connect, options.reconnect ?? DEFAULT_RECONNECT, log, signal)) {
    const item = toSourceItem(frame, options);
    if (item?.position !== undefined) {
      const t = BigInt(item.position);
      if (lastSeen === undefined || t > lastSeen) lastSeen = t;
    }
    if (item && item.kind !== 'skip') yield item;
  }
}

export function subscribeUrl(base: string, query: { dids: readonly string[]; cursor?: bigint }): string {
  const url = new URL(base);
  url.searchParams.append('wantedCollections', POST_COLLECTION);
  for (const did of query.dids) url.searchParams.append('wantedDids', did);
  if (query.cursor !== undefined && query.cursor > 0n) url.searchParams.set('cursor', query.cursor.toString());
  return url.toString();
}

type Mapped = SourceItem | { kind: 'skip'; position?: string };

interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: string;
  commit?: { operation?: string; collection?: string; rkey?: string; record?: Record<string, unknown> };
}

/** One frame to an item: a post, a delete, something to skip (other kinds, filtered), or unparsable with the reason. */
export function toSourceItem(frame: string, filters: Pick<BlueskySourceOptions, 'keywords' | 'languages'>): Mapped {
  const origin = 'bluesky:jetstream';
  if (isBinaryMarker(frame))
    return {
      kind: 'unparsable',
      raw: '',
      reason: 'binary frame: Jetstream sends JSON text frames (compress=true is not supported)',
      origin,
    };
  let event: unknown;
  try {
    event = JSON.parse(frame);
  } catch (error) {
    return { kind: 'unparsable', raw: frame, reason: `Jetstream frame is not JSON: ${(error as Error).message}`, origin };
  }
  const problem = eventProblem(event);
  if (problem) return { kind: 'unparsable', raw: frame, reason: `not a Jetstream event: ${problem}`, origin };
  const e = event as JetstreamEvent;
  const position = String(e.time_us);
  if (e.kind !== 'commit' || e.commit?.collection !== POST_COLLECTION) return { kind: 'skip', position };
  const commit = e.commit;
  const uri = `at://${e.did}/${POST_COLLECTION}/${commit.rkey}`;
  const where = `bluesky:${uri}`;
  if (commit.operation === 'delete') return { kind: 'delete', id: uri, origin: where, position };
  if (commit.operation !== 'create' && commit.operation !== 'update')
    return {
      kind: 'unparsable',
      raw: frame,
      reason: `unknown commit operation ${JSON.stringify(commit.operation)}`,
      origin: where,
      position,
    };
  const record = commit.record;
  if (typeof record !== 'object' || record === null)
    return { kind: 'unparsable', raw: frame, reason: `commit.record is missing for a ${commit.operation}`, origin: where, position };
  const post = toPostInput(e.did, String(commit.rkey), record, commit.operation === 'update' ? e.time_us : undefined);
  if (!wantsLanguage(post.langs ?? [], filters.languages ?? null)) return { kind: 'skip', position };
  if (!matchesKeywords(typeof post.text === 'string' ? post.text : '', post.hashtags ?? [], filters.keywords ?? []))
    return { kind: 'skip', position };
  return { kind: 'post', value: post, origin: where, position };
}

function eventProblem(event: unknown): string | null {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) return 'expected a JSON object';
  const e = event as Partial<JetstreamEvent>;
  if (typeof e.did !== 'string' || !e.did.startsWith('did:')) return 'did is missing or not a DID';
  if (typeof e.time_us !== 'number' || !Number.isSafeInteger(e.time_us) || e.time_us <= 0)
    return 'time_us is missing or not a positive integer';
  if (typeof e.kind !== 'string') return 'kind is missing';
  if (e.kind === 'commit') {
    const c = e.commit;
    if (typeof c !== 'object' || c === null) return 'commit is missing';
    if (typeof c.collection !== 'string' || typeof c.operation !== 'string') return 'commit.collection or commit.operation is missing';
    if (typeof c.rkey !== 'string' || !/^[A-Za-z0-9._:~-]{1,512}$/.test(c.rkey)) return 'commit.rkey is missing or not a record key';
  }
  return null;
}

/**
 * An app.bsky.feed.post record as a post. Fields are passed as they are (text, createdAt) so the
 * producer's validation names what is wrong; hashtags come from `#tag` facets.
 */
export function toPostInput(did: string, rkey: string, record: Record<string, unknown>, editedAtUs?: number): PostInput {
  const uri = `at://${did}/${POST_COLLECTION}/${rkey}`;
  const langs = Array.isArray(record.langs) ? record.langs.filter((l): l is string => typeof l === 'string') : [];
  const reply = record.reply as { parent?: { uri?: unknown } } | undefined;
  return {
    id: uri,
    text: record.text as string,
    created_at: record.createdAt as string,
    author: { id: did, handle: did },
    author_did: did,
    lang: langs[0] ?? null,
    langs,
    hashtags: facetTags(record.facets),
    platform: Platform.BLUESKY,
    uri,
    url: `https://bsky.app/profile/${did}/post/${rkey}`,
    reply_to: typeof reply?.parent?.uri === 'string' ? reply.parent.uri : null,
    edited_at: editedAtUs === undefined ? null : new Date(Math.floor(editedAtUs / 1000)).toISOString(),
  };
}

function facetTags(facets: unknown): string[] {
  if (!Array.isArray(facets)) return [];
  const tags: string[] = [];
  for (const facet of facets) {
    const features = (facet as { features?: unknown })?.features;
    if (!Array.isArray(features)) continue;
    for (const f of features as Array<{ $type?: unknown; tag?: unknown }>) {
      if (f?.$type === 'app.bsky.richtext.facet#tag' && typeof f.tag === 'string') tags.push(f.tag);
    }
  }
  return tags;
}
