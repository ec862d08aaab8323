/**
 * A local stand-in for one Mastodon instance (https://docs.joinmastodon.org/methods/streaming/,
 * /methods/timelines/), which tests cannot reach:
 *   WebSocket /api/v1/streaming?stream=public|public:local|hashtag|hashtag:local[&tag=T]
 *     frames {"stream":[...],"event":"update"|"status.update"|"delete","payload":...}; update
 *     payloads are the Status entity as a JSON string, delete payloads the status id.
 *   GET /api/v1/timelines/public[?local=true] and /api/v1/timelines/tag/:tag with min_id,
 *     max_id, since_id, limit (default 20, max 40), newest first, with a Link header.
 * A token is required (`Authorization: Bearer` or `access_token`); a wrong one gets 401 with
 * Mastodon's error body. Statuses can be posted "while nobody listens" to make a gap.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FakeWsServer } from './fake-ws.ts';

export interface FakeStatus {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  edited_at: string | null;
  content: string;
  language: string | null;
  in_reply_to_id: string | null;
  reblog: null;
  local: boolean;
  account: { id: string; acct: string; username: string };
  tags: Array<{ name: string; url: string }>;
  favourites_count: number;
  reblogs_count: number;
  replies_count: number;
}

const UNAUTHORIZED = JSON.stringify({ error: 'The access token is invalid' });

export class FakeMastodonServer extends FakeWsServer {
  readonly statuses = new Map<string, FakeStatus>();
  readonly timelineRequests: URLSearchParams[] = [];
  #next = 112_000_000_000_000_000n;

  constructor(readonly token: string) {
    super(
      '/api/v1/streaming',
      () => undefined,
      (req, res) => this.#http(req, res),
      (req) => (this.#authorized(req) ? null : { status: 401, body: UNAUTHORIZED }),
    );
  }

  /** Posts a status; `live: false` stores it without streaming it (a gap to fill). */
  post(
    content: string,
    options: { language?: string | null; acct?: string; tags?: string[]; inReplyTo?: string; local?: boolean; live?: boolean } = {},
  ): FakeStatus {
    this.#next += 1_000n + BigInt(Math.floor(Math.random() * 100));
    const id = this.#next.toString();
    const acct = options.acct ?? 'ann';
    const host = new URL(this.httpUrl).host;
    const status: FakeStatus = {
      id,
      uri: `https://${host}/users/${acct}/statuses/${id}`,
      url: `https://${host}/@${acct}/${id}`,
      created_at: new Date(Date.UTC(2024, 4, 1) + this.statuses.size * 1000).toISOString(),
      edited_at: null,
      content,
      language: options.language === undefined ? 'en' : options.language,
      in_reply_to_id: options.inReplyTo ?? null,
      reblog: null,
      local: options.local ?? true,
      account: { id: String(acct.length * 1000 + 7), acct, username: acct.split('@')[0]! },
      tags: (options.tags ?? []).map((name) => ({ name, url: `https://${host}/tags/${name}` })),
      favourites_count: 0,
      reblogs_count: 0,
      replies_count: 0,
    };
    this.statuses.set(id, status);
    if (options.live !== false) this.#broadcast('update', JSON.stringify(status), status);
    return status;
  }

  edit(id: string, content: string): FakeStatus {
    const status = this.statuses.get(id)!;
    status.content = content;
    status.edited_at = new Date().toISOString();
    this.#broadcast('status.update', JSON.stringify(status), status);
    return status;
  }

  remove(id: string): void {
    const status = this.statuses.get(id);
    this.statuses.delete(id);
    this.#broadcast('delete', id, status);
  }

  publishRaw(frame: string): void {
    for (const c of this.open) this.send(c, frame);
  }

  #broadcast(event: string, payload: string, status: FakeStatus | undefined): void {
    for (const c of this.open) {
      const stream = c.query.get('stream') ?? '';
      if (status && !streamHas(stream, c.query.get('tag'), status)) continue;
      this.send(c, JSON.stringify({ stream: [stream, ...(c.query.get('tag') ? [c.query.get('tag')] : [])], event, payload }));
    }
  }

  #authorized(req: IncomingMessage): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? url.searchParams.get('access_token');
    return bearer === this.token;
  }

  #http(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.httpUrl);
    const tag = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname)?.[1];
    if (url.pathname !== '/api/v1/timelines/public' && tag === undefined)
      return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"Record not found"}');
    if (!this.#authorized(req)) return void res.writeHead(401, { 'content-type': 'application/json' }).end(UNAUTHORIZED);
    this.timelineRequests.push(url.searchParams);
    const q = url.searchParams;
    const limit = Math.min(40, Number(q.get('limit') ?? 20));
    const big = (s: string | null) => (s === null ? null : BigInt(s));
    const [minId, maxId, sinceId] = [big(q.get('min_id')), big(q.get('max_id')), big(q.get('since_id'))];
    let list = [...this.statuses.values()]
      .filter((s) => (tag ? s.tags.some((t) => t.name.toLowerCase() === decodeURIComponent(tag).toLowerCase()) : true))
      .filter((s) => q.get('local') !== 'true' || s.local)
      .filter(
        (s) =>
          (maxId === null || BigInt(s.id) < maxId) &&
          (sinceId === null || BigInt(s.id) > sinceId) &&
          (minId === null || BigInt(s.id) > minId),
      )
      .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    // min_id: the page immediately newer than it; otherwise the newest page. Either way newest first.
    list = minId !== null ? list.slice(0, limit) : list.slice(-limit);
    list.reverse();
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (list.length > 0) {
      const base = `${this.httpUrl}${url.pathname}`;
      headers.link = `<${base}?max_id=${list.at(-1)!.id}>; rel="next", <${base}?min_id=${list[0]!.id}>; rel="prev"`;
    }
    res.writeHead(200, headers).end(JSON.stringify(list));
  }
}

function streamHas(stream: string, tag: string | null, status: FakeStatus): boolean {
  if (stream.endsWith(':local') && !status.local) return false;
  if (stream.startsWith('hashtag')) return status.tags.some((t) => t.name.toLowerCase() === (tag ?? '').toLowerCase());
  return stream.startsWith('public');
}
