import type { Readable } from 'node:stream';
import type { Pool, PoolConnection, RowDataPacket } from 'mysql2/promise';
import type { Logger } from '../telemetry/log.ts';
import { postsDeletedSince } from './queries.ts';
import type { IndexRow } from './search-index.ts';
import { SearchIndex } from './search-index.ts';

/**
 * Keeps the search index (search-index.ts) in step with the table, the way rollup.ts keeps the
 * counts: built by one streamed read in a consistent-snapshot transaction that also reads the
 * watermark MAX(written_at); before each search it catches up with the rows written since
 * (through idx_written, with a 1 s look-back for sink transactions that commit late), so a
 * search sees every row a plain query would. Rebuilt in the background every `rebuildMs` while
 * searches happen, which also forgets rows deleted from the table. Until the first build is
 * done (or with rebuildMs = 0) `current()` is null and searches go to SQL.
 */
const catchUpBatch = 5000;
const lookBackMs = 1000;

interface Built {
  readonly index: SearchIndex;
  /** Newest written_at folded in; null while the table is empty. */
  watermark: Date | null;
  /** Where the next catch-up starts: (written_at, tweet_id) of the last row read. */
  cursor: { at: Date; id: string } | null;
  /** Deletions logged from here on are still to be applied (null: all of them). */
  deletedSince?: Date | null;
  readonly builtAt: number;
  /** The catch-up in progress; concurrent searches share it. */
  catching: Promise<unknown> | null;
}

interface StreamingConnection {
  query(options: { sql: string; rowsAsArray: boolean }): { stream(): Readable };
}

function toRow(r: RowDataPacket): IndexRow {
  return {
    id: String(r.tweet_id),
    text: String(r.text),
    topic: String(r.topic),
    sentiment: String(r.sentiment),
    classifiedMs: (r.classified_at as Date).getTime(),
    createdMs: (r.created_at as Date).getTime(),
  };
}

async function streamAll(conn: PoolConnection, table: string, index: SearchIndex): Promise<void> {
  const core = conn.connection as unknown as StreamingConnection;
  const stream = core
    .query({ sql: `SELECT tweet_id, text, topic, sentiment, classified_at, created_at FROM ${table}`, rowsAsArray: true })
    .stream();
  for await (const r of stream as AsyncIterable<unknown[]>) {
    index.add({
      id: String(r[0]),
      text: String(r[1]),
      topic: String(r[2]),
      sentiment: String(r[3]),
      classifiedMs: (r[4] as Date).getTime(),
      createdMs: (r[5] as Date).getTime(),
    });
  }
}

export async function buildIndex(db: Pool, table: string): Promise<Built> {
  const conn = await db.getConnection();
  try {
    await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [mark] = await conn.query<RowDataPacket[]>(`SELECT MAX(written_at) AS w FROM ${table}`);
    const index = new SearchIndex();
    await streamAll(conn, table, index);
    await conn.query('COMMIT');
    index.compact();
    const watermark = (mark[0].w as Date | null) ?? null;
    return {
      index,
      watermark,
      cursor: watermark && { at: new Date(watermark.getTime() - lookBackMs), id: '' },
      builtAt: Date.now(),
      catching: null,
    };
  } finally {
    conn.release();
  }
}

/** Folds rows written since the cursor into the index, in (written_at, tweet_id) order. */
export async function catchUp(db: Pool, table: string, built: Built): Promise<number> {
  let read = 0;
  for (;;) {
    const since = built.cursor;
    const [rows] = await db.query<RowDataPacket[]>(
      `SELECT tweet_id, text, topic, sentiment, classified_at, created_at, written_at FROM ${table}
        ${since ? 'WHERE written_at > ? OR (written_at = ? AND tweet_id > ?)' : ''} ORDER BY written_at, tweet_id LIMIT ?`,
      since ? [since.at, since.at, since.id, catchUpBatch] : [catchUpBatch],
    );
    for (const r of rows) built.index.add(toRow(r));
    read += rows.length;
    const last = rows.at(-1);
    if (last) {
      const at = last.written_at as Date;
      if (!built.watermark || at > built.watermark) built.watermark = at;
      built.cursor = { at, id: String(last.tweet_id) };
    }
    if (rows.length < catchUpBatch) break;
  }
  // Posts deleted at their source since the last catch-up leave the index too.
  const deleted = await postsDeletedSince(
    db,
    table,
    built.deletedSince ? new Date(built.deletedSince.getTime() - lookBackMs) : new Date(0),
    100_000,
  );
  for (const d of deleted) built.index.remove(d.id);
  const newest = deleted.at(-1);
  if (newest) built.deletedSince = new Date(newest.deletedAt);
  // Next time, look back a second from the newest write again (late commits).
  if (built.watermark) built.cursor = { at: new Date(built.watermark.getTime() - lookBackMs), id: '' };
  return read;
}

export class TextSearch {
  private built: Built | null = null;
  private building: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly db: Pool,
    private readonly table: string,
    private readonly log: Logger,
    private readonly rebuildMs = 600_000,
  ) {}

  get enabled(): boolean {
    return this.rebuildMs > 0;
  }

  /** Starts the first build in the background. */
  start(): void {
    if (this.enabled && !this.building) this.building = this.build();
  }

  /** Resolves when a built index is in place (benchmarks, warm starts, tests). */
  async ready(): Promise<void> {
    if (!this.enabled) return;
    this.start();
    await this.building;
  }

  /** The index, caught up with the table; null when none is built (callers use SQL). */
  async current(): Promise<SearchIndex | null> {
    const built = this.built;
    if (!built) return null;
    if (Date.now() - built.builtAt > this.rebuildMs && !this.building && !this.stopped) this.building = this.build();
    built.catching ??= catchUp(this.db, this.table, built).finally(() => {
      built.catching = null;
    });
    await built.catching;
    return built.index;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.building, this.built?.catching?.catch(() => undefined)]);
  }

  private async build(): Promise<void> {
    const started = performance.now();
    try {
      const built = await buildIndex(this.db, this.table);
      await catchUp(this.db, this.table, built);
      if (!this.stopped) this.built = built;
      const memoryMb = Math.round(process.memoryUsage().rss / 1e6);
      this.log.info('search index built', { rows: built.index.size, ms: Math.round(performance.now() - started), rssMb: memoryMb });
    } catch (error) {
      this.log.warn('search index build failed; text search answers from SQL', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.building = null;
    }
  }
}
