/**
 * What a text search matches, in one place (docs/dashboard.md, "Text search"): a post matches
 * when every word of the search starts a word of the post, case-insensitively, in any order.
 * Words are runs of Unicode letters and digits; everything else separates them. So `booster`
 * finds "Booster", "boosters" and "#booster" but not "superbooster"; `save 5` finds
 * "save 50% now" and "5 ways to save". The in-memory search index and the SQL fallback
 * (`searchSql`) implement the same rule, so every endpoint and range agrees.
 */
const wordPattern = /[\p{L}\p{N}]+/gu;

/** The distinct lower-cased words of a text, in order of first appearance. */
export function textWords(text: string): string[] {
  return [...new Set(text.toLowerCase().match(wordPattern) ?? [])];
}

/** The words a search asks for; longer words first, and a word that prefixes another is dropped (it adds nothing). */
export function queryWords(q: string): string[] {
  const words = textWords(q).sort((a, b) => b.length - a.length || a.localeCompare(b));
  return words.filter((w, i) => !words.slice(0, i).some((longer) => longer.startsWith(w)));
}

/** The rule itself, for a single text (live pushes in the page, tests). */
export function textMatches(text: string, words: readonly string[]): boolean {
  const have = textWords(text);
  return words.every((w) => have.some((h) => h.startsWith(w)));
}

function escapeRegex(word: string): string {
  return word.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
}

/**
 * The rule as SQL (MariaDB's PCRE2 REGEXP, case-insensitive under the table's _ci collation):
 * one condition per word, "not preceded by a letter or digit". Used while the search index is
 * not built yet, or when it is turned off; it scans, so it is slow on wide ranges.
 */
export function searchSql(words: readonly string[]): { sql: string; params: string[] } {
  return {
    sql: words.map(() => 'text REGEXP ?').join(' AND '),
    params: words.map((w) => `(?<![\\p{L}\\p{N}])${escapeRegex(w)}`),
  };
}
