import type { Rng } from './rng.ts';

export const FIRST_MONTH = '2020-03';
export const LAST_MONTH = '2022-06';

export interface Fragment {
  text: string;
  from: string;
  to: string;
}

const WINDOW = /^(\d{4}-\d{2})?\.\.(\d{4}-\d{2})?\|/;

/** Splits the optional `FROM..TO|` prefix off a pool entry. */
export function parseFragment(raw: string): Fragment {
  const match = WINDOW.exec(raw);
  if (!match) return { text: raw, from: FIRST_MONTH, to: LAST_MONTH };
  return {
    text: raw.slice(match[0].length),
    from: match[1] ?? FIRST_MONTH,
    to: match[2] ?? LAST_MONTH,
  };
}

/** Expands spintax `{a|b|c}`, innermost groups first, so groups may nest. */
export function spin(text: string, rng: Rng): string {
  const inner = /\{([^{}]*)\}/;
  let out = text;
  for (let match = inner.exec(out); match; match = inner.exec(out)) {
    out = out.slice(0, match.index) + rng.pick(match[1].split('|')) + out.slice(match.index + match[0].length);
  }
  return out;
}

/** Intersection of two month windows, or undefined when they do not overlap. */
export function overlap(a: Fragment, b: { from: string; to: string }): { from: string; to: string } | undefined {
  // biome-ignore lint/complexity/useMathMinMax: months are 'YYYY-MM' strings; Math.max would turn them into NaN
  const from = a.from > b.from ? a.from : b.from;
  // biome-ignore lint/complexity/useMathMinMax: as above, a string comparison
  const to = a.to < b.to ? a.to : b.to;
  return from <= to ? { from, to } : undefined;
}
