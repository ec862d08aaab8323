import type { Pool } from 'mysql2/promise';
import type { Filters, SqlPart } from './filters.ts';
import { bucketSeconds, TimeAxis } from './filters.ts';
import type { Cell, Series, SeriesCell, Window } from './queries.ts';
import { countCells, countSeries, fillSeries, spanSeconds } from './queries.ts';
import type { RollupEntry, RollupSnapshot } from './rollup.ts';
import { firstEntryAt } from './rollup.ts';

/**
 * Answers from a rollup snapshot plus the live edge and tail slices (see rollup.ts). Only
 * topic/sentiment filters can be answered this way; text search always goes to SQL.
 */
export function rollupApplies(filters: Filters): boolean {
  // The rollup's cells are per (topic, sentiment), not per platform.
  return filters.q === undefined && filters.platform === undefined && (filters.range === '24h' || filters.range === 'all');
}

interface Slices {
  /** First cell fully inside the range. */
  firstCell: number;
  /** Extra conditions for the live slices: the partial first cell, then rows newer than the snapshot. */
  edge: SqlPart[] | null;
  tail: SqlPart[];
}

function slices(snap: RollupSnapshot, filters: Filters, from: Date | null): Slices {
  const column = TimeAxis[filters.time];
  const watermark = snap.watermark ?? new Date(0);
  const tail = [{ sql: 'written_at > ?', params: [watermark] }];
  if (!from) return { firstCell: -Infinity, edge: null, tail };
  const firstCell = Math.ceil(from.getTime() / 1000 / snap.cellSeconds);
  const boundary = new Date(firstCell * snap.cellSeconds * 1000);
  const edge =
    boundary > from
      ? [
          { sql: `${column} < ?`, params: [boundary] },
          { sql: 'written_at <= ?', params: [watermark] },
        ]
      : null;
  return { firstCell, edge, tail };
}

/** Calls `visit` for each snapshot entry from `firstCell` on that passes the filters. */
function eachEntry(snap: RollupSnapshot, filters: Filters, firstCell: number, visit: (e: RollupEntry) => void): void {
  const { entries } = snap;
  for (let i = Number.isFinite(firstCell) ? firstEntryAt(entries, firstCell) : 0; i < entries.length; i++) {
    const e = entries[i];
    if (filters.topic !== undefined && e.topic !== filters.topic) continue;
    if (filters.sentiment !== undefined && e.sentiment !== filters.sentiment) continue;
    visit(e);
  }
}

function addCell(into: Map<string, Cell>, topic: string, sentiment: string, count: number): void {
  const key = `${topic}\u0000${sentiment}`;
  into.set(key, { topic, sentiment, count: (into.get(key)?.count ?? 0) + count });
}

export async function rollupCells(db: Pool, table: string, snap: RollupSnapshot, filters: Filters, window: Window): Promise<Cell[]> {
  const s = slices(snap, filters, window.from);
  const [edge, tail] = await Promise.all([
    s.edge ? countCells(db, table, filters, window.from, s.edge) : Promise.resolve([]),
    countCells(db, table, filters, window.from, s.tail),
  ]);
  const merged = new Map<string, Cell>();
  eachEntry(snap, filters, s.firstCell, (e) => addCell(merged, e.topic, e.sentiment, e.count));
  for (const c of [...edge, ...tail]) addCell(merged, c.topic, c.sentiment, c.count);
  return [...merged.values()];
}

/** Total rows in the table: every snapshot cell plus the tail. */
export async function rollupTotal(db: Pool, table: string, snap: RollupSnapshot): Promise<number> {
  const all = { range: 'all', time: snap.axis, limit: 1 } as const;
  const tail = await countCells(db, table, all, null, slices(snap, all, null).tail);
  let total = tail.reduce((n, c) => n + c.count, 0);
  for (const e of snap.entries) total += e.count;
  return total;
}

export async function rollupSeries(
  db: Pool,
  table: string,
  snap: RollupSnapshot,
  filters: Filters,
  window: Window,
  first: Date,
): Promise<Series> {
  const bucket = bucketSeconds(filters.range, spanSeconds(first, window), snap.cellSeconds);
  const s = slices(snap, filters, window.from);
  const [edge, tail] = await Promise.all([
    s.edge ? countSeries(db, table, filters, window.from, bucket, s.edge) : Promise.resolve([]),
    countSeries(db, table, filters, window.from, bucket, s.tail),
  ]);
  const perBucket = bucket / snap.cellSeconds;
  const summed = new Map<string, SeriesCell>();
  const add = (b: number, sentiment: string, count: number) => {
    const key = `${b}\u0000${sentiment}`;
    summed.set(key, { bucket: b, sentiment, count: (summed.get(key)?.count ?? 0) + count });
  };
  eachEntry(snap, filters, s.firstCell, (e) => add(Math.floor(e.cell / perBucket), e.sentiment, e.count));
  for (const c of [...edge, ...tail]) add(c.bucket, c.sentiment, c.count);
  return fillSeries([...summed.values()], bucket, first, window);
}
