import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LivePoller } from './live-poller.ts';
import type { Post } from './queries.ts';

/**
 * Server-sent events for `/api/stream`. Every client gets:
 *   event: posts    data: Post[]            rows as they are written (from the shared poller)
 *   event: summary  data: SummaryDelta      counts of those rows, every `deltaMs` when non-zero
 *   event: deleted  data: string[]          ids of posts deleted at their source (rows removed)
 *   : ping                                  a comment every 15 s so proxies keep the line open
 * `retry: 1000` asks EventSource to reconnect a second after the server goes away.
 */
export interface SummaryDelta {
  posts: number;
  bySentiment: Record<string, number>;
  byTopic: Record<string, number>;
  lastWriteAt: string | null;
}

function emptyDelta(): SummaryDelta {
  return { posts: 0, bySentiment: {}, byTopic: {}, lastWriteAt: null };
}

function addToDelta(delta: SummaryDelta, posts: readonly Post[]): void {
  for (const p of posts) {
    delta.posts += 1;
    delta.bySentiment[p.sentiment] = (delta.bySentiment[p.sentiment] ?? 0) + 1;
    delta.byTopic[p.topic] = (delta.byTopic[p.topic] ?? 0) + 1;
    if (!delta.lastWriteAt || p.writtenAt > delta.lastWriteAt) delta.lastWriteAt = p.writtenAt;
  }
}

export function formatEvent(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

export class LiveStream {
  private readonly clients = new Set<ServerResponse>();
  private delta = emptyDelta();
  private readonly deltaTimer: NodeJS.Timeout;
  private readonly pingTimer: NodeJS.Timeout;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly poller: LivePoller,
    deltaMs = 2000,
  ) {
    this.deltaTimer = setInterval(() => this.flushDelta(), deltaMs).unref();
    this.pingTimer = setInterval(() => this.broadcast(': ping\n\n'), 15_000).unref();
  }

  get size(): number {
    return this.clients.size;
  }

  open(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(`retry: 1000\n${formatEvent('hello', { at: new Date().toISOString() })}`);
    this.clients.add(res);
    if (!this.unsubscribe)
      this.unsubscribe = this.poller.subscribe(
        (posts) => this.onPosts(posts),
        (ids) => this.broadcast(formatEvent('deleted', ids)),
      );
    req.on('close', () => this.drop(res));
  }

  close(): void {
    clearInterval(this.deltaTimer);
    clearInterval(this.pingTimer);
    for (const res of this.clients) res.end();
    this.clients.clear();
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  private drop(res: ServerResponse): void {
    this.clients.delete(res);
    if (this.clients.size === 0 && this.unsubscribe) {
      this.unsubscribe();
      this.unsubscribe = null;
    }
  }

  private onPosts(posts: Post[]): void {
    addToDelta(this.delta, posts);
    this.broadcast(formatEvent('posts', posts));
  }

  private flushDelta(): void {
    if (this.delta.posts === 0) return;
    const delta = this.delta;
    this.delta = emptyDelta();
    this.broadcast(formatEvent('summary', delta));
  }

  private broadcast(chunk: string): void {
    for (const res of this.clients) res.write(chunk);
  }
}
