import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Logger } from '../telemetry/log.ts';
import type { Post } from './queries.ts';
import { postsDeletedSince, postsWrittenSince } from './queries.ts';

/**
 * One poller shared by every live client: every `pollMs` it reads the rows written since the
 * last poll (an index range on written_at) and hands them to the listeners. It re-reads a short
 * look-back window so rows from a sink transaction that committed late still show up, and
 * drops rows it has already announced (same id and write time). It polls only while someone
 * listens. When a poll comes back full it skips the look-back, so a backlog cannot stall it.
 */
export interface LiveStats {
  clients: number;
  polls: number;
  errors: number;
  lastPollAt: string | null;
  lastError: string | null;
}

export type PostsListener = (posts: Post[]) => void;
/** Ids of posts deleted at their source (the sink removed their rows). */
export type DeletesListener = (ids: string[]) => void;

const lookbackMs = 1000;
const batchLimit = 1000;

export class LivePoller {
  private readonly listeners = new Set<PostsListener>();
  private readonly deleteListeners = new Map<PostsListener, DeletesListener>();
  private readonly seenDeletes = new Map<string, number>();
  private readonly seen = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private watermark: Date | null = null;
  private saturated = false;
  private running: Promise<void> | null = null;
  private readonly stats: LiveStats = { clients: 0, polls: 0, errors: 0, lastPollAt: null, lastError: null };

  constructor(
    private readonly db: Pool,
    private readonly table: string,
    private readonly pollMs: number,
    private readonly log: Logger,
  ) {}

  subscribe(listener: PostsListener, onDeleted?: DeletesListener): () => void {
    this.listeners.add(listener);
    if (onDeleted) this.deleteListeners.set(listener, onDeleted);
    this.stats.clients = this.listeners.size;
    if (!this.timer) {
      // Idle until now: start from the present rather than replaying what was missed.
      this.watermark = null;
      this.seen.clear();
      this.seenDeletes.clear();
      this.schedule();
    }
    return () => {
      this.listeners.delete(listener);
      this.deleteListeners.delete(listener);
      this.stats.clients = this.listeners.size;
    };
  }

  snapshot(): LiveStats {
    return { ...this.stats };
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.listeners.clear();
    this.deleteListeners.clear();
    await this.running;
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      this.running = this.tick().finally(() => {
        this.running = null;
        if (this.listeners.size > 0) this.schedule();
        else this.timer = null;
      });
    }, this.pollMs);
  }

  private async tick(): Promise<void> {
    try {
      const since = this.watermark;
      const posts = await this.poll();
      const deleted = this.deleteListeners.size > 0 ? await this.pollDeleted(since ?? this.watermark!) : [];
      this.stats.polls += 1;
      this.stats.lastPollAt = new Date().toISOString();
      if (posts.length > 0) for (const listener of this.listeners) listener(posts);
      if (deleted.length > 0) for (const listener of this.deleteListeners.values()) listener(deleted);
    } catch (error) {
      this.stats.errors += 1;
      this.stats.lastError = error instanceof Error ? error.message : String(error);
      this.log.warn('live poll failed; retrying', { error: this.stats.lastError, table: this.table });
    }
  }

  /** New rows since the last poll, oldest first. Exposed for tests. */
  async poll(): Promise<Post[]> {
    if (!this.watermark) {
      const [rows] = await this.db.query<RowDataPacket[]>('SELECT NOW(3) AS now');
      this.watermark = rows[0].now as Date;
    }
    const since = new Date(this.watermark.getTime() - (this.saturated ? 0 : lookbackMs));
    const rows = await postsWrittenSince(this.db, this.table, since, batchLimit);
    this.saturated = rows.length === batchLimit;
    const fresh = rows.filter((p) => !this.seen.has(`${p.id}@${p.writtenAt}`));
    for (const p of fresh) this.seen.set(`${p.id}@${p.writtenAt}`, Date.parse(p.writtenAt));
    const newest = rows.at(-1);
    if (newest && Date.parse(newest.writtenAt) > this.watermark.getTime()) this.watermark = new Date(newest.writtenAt);
    this.prune();
    return fresh;
  }

  /** Deletions logged since `since` (less the look-back), each announced once. Exposed for tests. */
  async pollDeleted(since: Date): Promise<string[]> {
    const rows = await postsDeletedSince(this.db, this.table, new Date(since.getTime() - lookbackMs), batchLimit);
    const fresh = rows.filter((d) => !this.seenDeletes.has(`${d.id}@${d.deletedAt}`));
    for (const d of fresh) this.seenDeletes.set(`${d.id}@${d.deletedAt}`, Date.parse(d.deletedAt));
    const horizon = since.getTime() - 4 * lookbackMs;
    for (const [key, at] of this.seenDeletes) if (at < horizon) this.seenDeletes.delete(key);
    return fresh.map((d) => d.id);
  }

  private prune(): void {
    const horizon = (this.watermark?.getTime() ?? 0) - 2 * lookbackMs;
    for (const [key, at] of this.seen) if (at < horizon) this.seen.delete(key);
  }
}
