import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Logger } from '../telemetry/log.ts';
import { TimeAxis } from './filters.ts';

/**
 * Pre-aggregated counts per (time cell, topic, sentiment) for one time axis, so wide ranges do
 * not scan a million rows per request (the target: every API call < 200 ms at 1M rows).
 *
 * A snapshot is built by one grouped scan inside a consistent-snapshot transaction that also
 * reads `watermark` = MAX(written_at). Queries then add, live from MySQL and through indexes:
 *   - the tail: rows written after the watermark (idx_written), so new rows count at once;
 *   - the edge: the partial cell at the start of a relative range (idx on the axis).
 * The snapshot is rebuilt every `refreshMs` while in use. Until then a re-classified post
 * (an upsert after the snapshot) counts in its old cell and in the tail, and a sink
 * transaction that committed after the snapshot with a write time before the watermark is
 * missed; both heal at the next rebuild. Ranges of an hour or less never use the rollup.
 */
export interface RollupSnapshot {
  readonly axis: TimeAxis;
  readonly cellSeconds: number;
  /** MAX(written_at) seen by the snapshot; null when the table was empty. */
  readonly watermark: Date | null;
  /** One entry per (cell, topic, sentiment), sorted by cell; cell = epoch seconds / cellSeconds. */
  readonly entries: readonly RollupEntry[];
  readonly builtAt: number;
}

const cellLadder = [300, 3600, 86_400];
const maxCells = 5000;

export function pickCellSeconds(spanSeconds: number): number {
  return cellLadder.find((c) => spanSeconds / c <= maxCells) ?? cellLadder[cellLadder.length - 1];
}

export interface RollupEntry {
  readonly cell: number;
  readonly topic: string;
  readonly sentiment: string;
  readonly count: number;
}

/** Index of the first entry whose cell is >= `cell` (entries are sorted by cell). */
export function firstEntryAt(entries: readonly RollupEntry[], cell: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid].cell < cell) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export async function buildSnapshot(db: Pool, table: string, axis: TimeAxis): Promise<RollupSnapshot> {
  const column = TimeAxis[axis];
  const conn = await db.getConnection();
  try {
    await conn.query('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
    const [span] = await conn.query<RowDataPacket[]>(
      `SELECT UNIX_TIMESTAMP(MIN(${column})) AS first, UNIX_TIMESTAMP(MAX(${column})) AS last, MAX(written_at) AS watermark FROM ${table}`,
    );
    const cellSeconds = pickCellSeconds(Number(span[0].last ?? 0) - Number(span[0].first ?? 0));
    const [rows] = await conn.query<RowDataPacket[]>(
      `SELECT FLOOR(UNIX_TIMESTAMP(${column}) / ?) AS c, topic, sentiment, COUNT(*) AS n FROM ${table} GROUP BY c, topic, sentiment`,
      [cellSeconds],
    );
    await conn.query('COMMIT');
    const entries = rows
      .map((r) => ({ cell: Number(r.c), topic: String(r.topic), sentiment: String(r.sentiment), count: Number(r.n) }))
      .sort((a, b) => a.cell - b.cell);
    return { axis, cellSeconds, watermark: (span[0].watermark as Date | null) ?? null, entries, builtAt: Date.now() };
  } finally {
    conn.release();
  }
}

interface AxisState {
  snapshot: RollupSnapshot | null;
  building: Promise<void> | null;
}

/** Keeps one snapshot per axis fresh; callers get what is ready, never wait for a build. */
export class Rollups {
  private readonly state = new Map<TimeAxis, AxisState>();
  private stopped = false;

  constructor(
    private readonly db: Pool,
    private readonly table: string,
    private readonly log: Logger,
    private readonly refreshMs = 60_000,
  ) {}

  /** The axis' snapshot if one is built (starting a build or refresh in the background). */
  snapshot(axis: TimeAxis): RollupSnapshot | null {
    const state = this.stateOf(axis);
    const stale = !state.snapshot || Date.now() - state.snapshot.builtAt > this.refreshMs;
    if (stale && !state.building && !this.stopped) state.building = this.build(axis, state);
    return state.snapshot;
  }

  /** Builds (or rebuilds) every axis now; for warm starts and benchmarks. */
  async ready(axes: readonly TimeAxis[] = ['classified', 'created']): Promise<void> {
    for (const axis of axes) {
      const state = this.stateOf(axis);
      await state.building;
      state.building = this.build(axis, state);
      await state.building;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.state.values()].map((s) => s.building));
  }

  private stateOf(axis: TimeAxis): AxisState {
    let state = this.state.get(axis);
    if (!state) {
      state = { snapshot: null, building: null };
      this.state.set(axis, state);
    }
    return state;
  }

  private async build(axis: TimeAxis, state: AxisState): Promise<void> {
    const started = performance.now();
    try {
      state.snapshot = await buildSnapshot(this.db, this.table, axis);
      this.log.debug('rollup built', { axis, entries: state.snapshot.entries.length, ms: Math.round(performance.now() - started) });
    } catch (error) {
      this.log.warn('rollup build failed; answering from plain queries', {
        axis,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      state.building = null;
    }
  }
}
