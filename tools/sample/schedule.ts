import type { Rng } from './rng.ts';

/** Twitter's snowflake epoch (2010-11-04T01:42:54.657Z). */
const TWITTER_EPOCH = 1288834974657n;

function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split('-').map(Number);
  for (;;) {
    const key = `${year}-${String(month).padStart(2, '0')}`;
    if (key > to) return months;
    months.push(key);
    month = month === 12 ? 1 : month + 1;
    if (month === 1) year++;
  }
}

/** Posting volume: the first weeks of the pandemic were the loudest. */
function monthWeight(month: string): number {
  if (month === '2020-03' || month === '2020-04') return 3;
  if (month === '2020-05') return 2;
  if (month.startsWith('2020')) return 1.4;
  return month.startsWith('2021') ? 1 : 0.75;
}

function weightedMonth(months: string[], rng: Rng): string {
  const total = months.reduce((sum, m) => sum + monthWeight(m), 0);
  let roll = rng.next() * total;
  for (const month of months) {
    roll -= monthWeight(month);
    if (roll < 0) return month;
  }
  return months[months.length - 1];
}

/** Hour of day in UTC, fewer posts in the European and American night. */
function hour(rng: Rng): number {
  for (;;) {
    const h = rng.int(0, 23);
    const weight = h < 6 ? 0.5 : h < 12 ? 0.8 : 1;
    if (rng.chance(weight)) return h;
  }
}

export function pickTime(from: string, to: string, rng: Rng): Date {
  const [year, month] = weightedMonth(monthsBetween(from, to), rng).split('-').map(Number);
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1, rng.int(1, days), hour(rng), rng.int(0, 59), rng.int(0, 59)));
}

/** A tweet-like id: milliseconds since the Twitter epoch in the high bits, random low 22 bits. */
export function snowflake(time: Date, rng: Rng): string {
  const ms = BigInt(time.getTime() + rng.int(0, 999));
  return (((ms - TWITTER_EPOCH) << 22n) | BigInt(rng.int(0, 4194303))).toString();
}

/** Sorts by time, then moves a few posts a little, as a real stream delivers them. */
export function orderIsh<T extends { time: Date }>(items: T[], rng: Rng): T[] {
  const sorted = [...items].sort((a, b) => a.time.getTime() - b.time.getTime());
  for (let i = 0; i < sorted.length - 3; i++) {
    if (!rng.chance(0.03)) continue;
    const j = i + rng.int(1, 3);
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  return sorted;
}
