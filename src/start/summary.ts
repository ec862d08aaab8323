import type { Pool } from 'mysql2/promise';

/** What the run put into MySQL: rows classified since `since`, by sentiment and by topic. */
export interface RunSummary {
  readonly rows: number;
  readonly bySentiment: ReadonlyArray<{ label: string; n: number }>;
  readonly byTopic: ReadonlyArray<{ label: string; n: number }>;
}

export async function countRowsSince(pool: Pool, table: string, since: Date): Promise<number> {
  const [rows] = await pool.query(`SELECT COUNT(*) AS n FROM ${table} WHERE classified_at >= ?`, [since]);
  return Number((rows as Array<{ n: number }>)[0]!.n);
}

export async function summarizeSince(pool: Pool, table: string, since: Date): Promise<RunSummary> {
  const group = async (column: 'sentiment' | 'topic') => {
    const [rows] = await pool.query(
      `SELECT ${column} AS label, COUNT(*) AS n FROM ${table} WHERE classified_at >= ? GROUP BY ${column} ORDER BY n DESC`,
      [since],
    );
    return (rows as Array<{ label: string; n: number }>).map((r) => ({ label: r.label, n: Number(r.n) }));
  };
  const [bySentiment, byTopic] = await Promise.all([group('sentiment'), group('topic')]);
  return { rows: bySentiment.reduce((s, r) => s + r.n, 0), bySentiment, byTopic };
}

export function formatSummary(summary: RunSummary, produced: number, invalid: number): string {
  const bar = (n: number) => '#'.repeat(Math.max(1, Math.round((n / Math.max(1, summary.rows)) * 40)));
  const table = (title: string, rows: RunSummary['bySentiment']) => [
    title,
    ...rows.map(
      (r) =>
        `  ${r.label.padEnd(22)} ${String(r.n).padStart(6)}  ${((r.n / Math.max(1, summary.rows)) * 100).toFixed(1).padStart(5)}%  ${bar(r.n)}`,
    ),
  ];
  return [
    '',
    `Sample done: ${produced} posts produced, ${invalid} invalid lines dead-lettered, ${summary.rows} rows in MySQL.`,
    '',
    ...table('Sentiment', summary.bySentiment),
    '',
    ...table('Topic', summary.byTopic),
    '',
  ].join('\n');
}
