import type { Pool, RowDataPacket } from 'mysql2/promise';
import type { Filters } from './filters.ts';
import { bucketSeconds, TimeAxis } from './filters.ts';
import type { Cell, Post, Series, Window } from './queries.ts';
import { axisStart, fillSeries, postColumns, spanSeconds, toPost } from './queries.ts';
import type { RowFilter, SearchIndex } from './search-index.ts';
import { queryWords } from './search-text.ts';

/**
 * Text-search answers from the search index (search.ts): the same shapes as the SQL in
 * queries.ts, for requests with `q`. Only `posts` goes back to MySQL, for the rows themselves.
 */
function rowFilter(filters: Filters, window: Window): RowFilter {
  return { axis: filters.time, fromMs: window.from?.getTime() ?? null, topic: filters.topic, sentiment: filters.sentiment };
}

function words(filters: Filters): string[] {
  return queryWords(filters.q ?? '');
}

export function searchCells(index: SearchIndex, filters: Filters, window: Window): Cell[] {
  return index.cells(words(filters), rowFilter(filters, window));
}

export async function searchSeries(db: Pool, table: string, index: SearchIndex, filters: Filters, window: Window): Promise<Series> {
  const first = await axisStart(db, table, filters, window);
  const bucket = bucketSeconds(filters.range, spanSeconds(first, window));
  const firstBucket = Math.floor(first.getTime() / 1000 / bucket);
  return fillSeries(index.series(words(filters), rowFilter(filters, window), bucket, firstBucket), bucket, first, window);
}

export async function searchPosts(db: Pool, table: string, index: SearchIndex, filters: Filters, window: Window): Promise<Post[]> {
  const ids = index.latest(words(filters), rowFilter(filters, window), filters.limit);
  if (ids.length === 0) return [];
  const axis = TimeAxis[filters.time];
  const [rows] = await db.query<RowDataPacket[]>(
    `SELECT ${postColumns} FROM ${table} WHERE tweet_id IN (?) ORDER BY ${axis} DESC, tweet_id DESC`,
    [ids],
  );
  return rows.map(toPost);
}
