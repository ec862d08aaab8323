import type { Pool } from 'mysql2/promise';
import { TimeAxis, bucketSeconds } from './filters.ts';
import type { Filters, SqlPart } from './filters.ts';
import { countCells, countSeries, fillSeries, spanSeconds } from './queries.ts';
import type { Cell, Series, SeriesCell, Window } from './queries.ts';
import { splitKey } from './rollup.ts';
import type { RollupSnapshot } from './rollup.ts';

/**
 * Answers from a rollup snapshot plus the live edge and tail slices (see rollup.ts). Only
 * topic/sentiment filters can be answered this way; text search always goes to SQL.
 */
export function rollupApplies(filters: Filters): boolean {
  return filters.q === undefined && (filters.range === '24h' || filters.range === 'all');
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
  const edge = boundary > from
    ? [{ sql: `${column} < ?`, params: [boundary] }, { sql: 'written_at <= ?', params: [watermark] }]
    : null;
  return { firstCell, edge, tail };
}

function* snapshotCells(snap: RollupSnapshot, filters: Filters, firstCell: number): Generator<[number, string, string, number]> {
  for (const [cell, counts] of snap.cells) {
    if (cell < firstCell) continue;
    for (const [key, n] of counts) {
      const [topic, sentiment] = splitKey(key);
      if (filters.topic && topic !== filters.topic) continue;
      if (filters.sentiment && sentiment !== filters.sentiment) continue;
      yield [cell, topic, sentiment, n];
    }
  }
}

function mergeCells(groups: ReadonlyArray<readonly Cell[]>): Cell[] {
  const merged = new Map<string, Cell>();
  for (const cell of groups.flat()) {
    const key = `${cell.topic}\u0000${cell.sentiment}`;
    const prev = merged.get(key);
    merged.set(key, { topic: cell.topic, sentiment: cell.sentiment, count: (prev?.count ?? 0) + cell.count });
  }
  return [...merged.values()];
}

export async function rollupCells(db: Pool, table: string, snap: RollupSnapshot, filters: Filters, window: Window): Promise<Cell[]> {
  const s = slices(snap, filters, window.from);
  const [edge, tail] = await Promise.all([
    s.edge ? countCells(db, table, filters, window.from, s.edge) : Promise.resolve([]),
    countCells(db, table, filters, window.from, s.tail),
  ]);
  const fromSnapshot = [...snapshotCells(snap, filters, s.firstCell)].map(([, topic, sentiment, count]) => ({ topic, sentiment, count }));
  return mergeCells([fromSnapshot, edge, tail]);
}

/** Total rows in the table: every snapshot cell plus the tail. */
export async function rollupTotal(db: Pool, table: string, snap: RollupSnapshot): Promise<number> {
  const all = { range: 'all', time: snap.axis, limit: 1 } as const;
  const tail = await countCells(db, table, all, null, slices(snap, all, null).tail);
  let total = tail.reduce((n, c) => n + c.count, 0);
  for (const counts of snap.cells.values()) for (const n of counts.values()) total += n;
  return total;
}

export async function rollupSeries(db: Pool, table: string, snap: RollupSnapshot, filters: Filters, window: Window, first: Date): Promise<Series> {
  const bucket = bucketSeconds(filters.range, spanSeconds(first, window), snap.cellSeconds);
  const s = slices(snap, filters, window.from);
  const [edge, tail] = await Promise.all([
    s.edge ? countSeries(db, table, filters, window.from, bucket, s.edge) : Promise.resolve([]),
    countSeries(db, table, filters, window.from, bucket, s.tail),
  ]);
  const perBucket = bucket / snap.cellSeconds;
  const fromSnapshot: SeriesCell[] = [...snapshotCells(snap, filters, s.firstCell)].map(([cell, , sentiment, count]) => ({
    bucket: Math.floor(cell / perBucket), sentiment, count,
  }));
  return fillSeries([...fromSnapshot, ...edge, ...tail], bucket, first, window);
}
