import type { Pool } from 'mysql2/promise';
import type { ConsumerLagMonitor, LagReport } from './consumer-lag.ts';
import type { Filters } from './filters.ts';
import type { LivePoller } from './live-poller.ts';
import type { PipelineMetrics, StageMetrics } from './pipeline-metrics.ts';
import type { Cell, Post, Series, Window } from './queries.ts';
import {
  axisStart,
  countAll,
  countCells,
  distinctValues,
  latestPosts,
  resolveWindow,
  tableStats,
  timeSeries,
  writeActivity,
} from './queries.ts';
import type { Rollups } from './rollup.ts';
import { rollupApplies, rollupCells, rollupSeries, rollupTotal } from './rollup-queries.ts';
import type { TextSearch } from './search.ts';
import type { SearchIndex } from './search-index.ts';
import { searchCells, searchPosts, searchSeries } from './search-queries.ts';

/** The JSON API's answers, built from the queries. Shapes are documented in docs/dashboard.md. */
export interface ApiContext {
  readonly db: Pool;
  readonly table: string;
  readonly poller: LivePoller;
  readonly rollups: Rollups;
  readonly pipeline: PipelineMetrics;
  readonly lag: ConsumerLagMonitor;
  readonly search: TextSearch;
}

/** The search index for a request with `q`, caught up; null without `q` or before it is built. */
function searchIndex(ctx: ApiContext, filters: Filters): Promise<SearchIndex | null> {
  // The index knows topic and sentiment, not platform: a platform filter searches in SQL.
  return filters.q === undefined || filters.platform !== undefined ? Promise.resolve(null) : ctx.search.current();
}

async function cellsFor(ctx: ApiContext, filters: Filters, window: Window): Promise<Cell[]> {
  const index = await searchIndex(ctx, filters);
  if (index) return searchCells(index, filters, window);
  const snap = rollupApplies(filters) ? ctx.rollups.snapshot(filters.time) : null;
  return snap ? rollupCells(ctx.db, ctx.table, snap, filters, window) : countCells(ctx.db, ctx.table, filters, window.from);
}

function totalRows(ctx: ApiContext): Promise<number> {
  const snap = ctx.rollups.snapshot('classified');
  return snap ? rollupTotal(ctx.db, ctx.table, snap) : countAll(ctx.db, ctx.table);
}

interface Scope {
  range: Filters['range'];
  time: Filters['time'];
  from: string | null;
  to: string;
}

function scope(filters: Filters, window: Window): Scope {
  return { range: filters.range, time: filters.time, from: window.from?.toISOString() ?? null, to: window.to.toISOString() };
}

function sumBy(cells: readonly Cell[], key: 'topic' | 'sentiment'): Record<string, number> {
  const out: Record<string, number> = {};
  for (const cell of cells) out[cell[key]] = (out[cell[key]] ?? 0) + cell.count;
  return out;
}

export interface Summary extends Scope {
  posts: number;
  bySentiment: Record<string, number>;
  byTopic: Record<string, number>;
  totalPosts: number;
  lastPostAt: string | null;
  lastWriteAt: string | null;
}

export async function summary(ctx: ApiContext, filters: Filters): Promise<Summary> {
  const window = await resolveWindow(ctx.db, ctx.table, filters);
  const [cells, totalPosts, stats] = await Promise.all([cellsFor(ctx, filters, window), totalRows(ctx), tableStats(ctx.db, ctx.table)]);
  return {
    ...scope(filters, window),
    posts: cells.reduce((n, c) => n + c.count, 0),
    bySentiment: sumBy(cells, 'sentiment'),
    byTopic: sumBy(cells, 'topic'),
    totalPosts,
    lastPostAt: stats.lastPostAt,
    lastWriteAt: stats.lastWriteAt,
  };
}

export async function timeseries(ctx: ApiContext, filters: Filters): Promise<Scope & Series> {
  const [window, index] = await Promise.all([resolveWindow(ctx.db, ctx.table, filters), searchIndex(ctx, filters)]);
  if (index) return { ...scope(filters, window), ...(await searchSeries(ctx.db, ctx.table, index, filters, window)) };
  const snap = rollupApplies(filters) ? ctx.rollups.snapshot(filters.time) : null;
  const series = snap
    ? await rollupSeries(ctx.db, ctx.table, snap, filters, window, await axisStart(ctx.db, ctx.table, filters, window))
    : await timeSeries(ctx.db, ctx.table, filters, window);
  return { ...scope(filters, window), ...series };
}

export interface TopicRow {
  topic: string;
  total: number;
  bySentiment: Record<string, number>;
}

export interface Topics extends Scope {
  topics: TopicRow[];
  sentiments: string[];
  known: { topics: string[]; sentiments: string[] };
}

export async function topics(ctx: ApiContext, filters: Filters): Promise<Topics> {
  const window = await resolveWindow(ctx.db, ctx.table, filters);
  const [cells, known] = await Promise.all([cellsFor(ctx, filters, window), distinctValues(ctx.db, ctx.table)]);
  const rows = new Map<string, TopicRow>();
  for (const cell of cells) {
    const row = rows.get(cell.topic) ?? { topic: cell.topic, total: 0, bySentiment: {} };
    row.total += cell.count;
    row.bySentiment[cell.sentiment] = (row.bySentiment[cell.sentiment] ?? 0) + cell.count;
    rows.set(cell.topic, row);
  }
  const sorted = [...rows.values()].sort((a, b) => b.total - a.total || a.topic.localeCompare(b.topic));
  const sentiments = [...new Set(cells.map((c) => c.sentiment))].sort();
  return { ...scope(filters, window), topics: sorted, sentiments, known };
}

export async function posts(ctx: ApiContext, filters: Filters): Promise<Scope & { posts: Post[] }> {
  const [window, index] = await Promise.all([resolveWindow(ctx.db, ctx.table, filters), searchIndex(ctx, filters)]);
  const found = index
    ? await searchPosts(ctx.db, ctx.table, index, filters, window)
    : await latestPosts(ctx.db, ctx.table, filters, window);
  return { ...scope(filters, window), posts: found };
}

export interface Health {
  ok: boolean;
  db: { ok: boolean; latencyMs: number; error?: string };
  table: string;
  rows: number | null;
  lastPostAt: string | null;
  lastClassifiedAt: string | null;
  lastWriteAt: string | null;
  sinceLastWriteMs: number | null;
  rowsLastMinute: number | null;
  writeLagMs: number | null;
  live: ReturnType<LivePoller['snapshot']>;
  pipeline: StageMetrics[];
  consumerLag: LagReport;
}

export async function health(ctx: ApiContext): Promise<Health> {
  const started = performance.now();
  const outside = Promise.all([ctx.pipeline.fetchAll(), ctx.lag.report()]);
  const base = { table: ctx.table, live: ctx.poller.snapshot() };
  try {
    const [rows, stats, activity] = await Promise.all([totalRows(ctx), tableStats(ctx.db, ctx.table), writeActivity(ctx.db, ctx.table)]);
    const latencyMs = Math.round(performance.now() - started);
    const sinceLastWriteMs = stats.lastWriteAt ? Date.parse(stats.now) - Date.parse(stats.lastWriteAt) : null;
    return {
      ok: true,
      db: { ok: true, latencyMs },
      ...base,
      rows,
      lastPostAt: stats.lastPostAt,
      lastClassifiedAt: stats.lastClassifiedAt,
      lastWriteAt: stats.lastWriteAt,
      sinceLastWriteMs,
      ...activity,
      ...(await pipelineParts(outside)),
    };
  } catch (error) {
    const latencyMs = Math.round(performance.now() - started);
    return {
      ok: false,
      db: { ok: false, latencyMs, error: error instanceof Error ? error.message : String(error) },
      ...base,
      rows: null,
      lastPostAt: null,
      lastClassifiedAt: null,
      lastWriteAt: null,
      sinceLastWriteMs: null,
      rowsLastMinute: null,
      writeLagMs: null,
      ...(await pipelineParts(outside)),
    };
  }
}

async function pipelineParts(outside: Promise<[StageMetrics[], LagReport]>): Promise<Pick<Health, 'pipeline' | 'consumerLag'>> {
  const [pipeline, consumerLag] = await outside;
  return { pipeline, consumerLag };
}
