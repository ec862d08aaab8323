/**
 * Filters the streaming sources apply before anything is produced: the default models are
 * English, so other languages are dropped at the source unless asked for.
 */

/** Keep a post when no languages are asked for, when it says none, or when one of its tags' primary subtag is wanted. */
export function wantsLanguage(tags: readonly string[], languages: readonly string[] | null): boolean {
  if (languages === null || tags.length === 0) return true;
  return tags.some((tag) => languages.includes(tag.split(/[-_]/)[0]!.toLowerCase()));
}

/** Keep a post when no keywords are asked for, or when its text holds one as a word (case-insensitive) or it carries one as a hashtag. */
export function matchesKeywords(text: string, hashtags: readonly string[], keywords: readonly string[]): boolean {
  if (keywords.length === 0) return true;
  const lower = text.toLowerCase();
  const tags = new Set(hashtags.map((h) => h.toLowerCase()));
  return keywords.some((raw) => {
    const k = raw.toLowerCase().replace(/^#/, '');
    if (tags.has(k)) return true;
    return new RegExp(`(^|[^\\p{L}\\p{N}_])#?${escapeRegExp(k)}($|[^\\p{L}\\p{N}_])`, 'u').test(lower);
  });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
