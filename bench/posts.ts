/**
 * Post records for the benches' in-process model passes (bench:e2e, bench:batching): the text is
 * what counts, the rest is one fixed valid post. And the texts of a JSONL file of posts.
 */
import { readFileSync } from 'node:fs';
import { type PostRecord, postV2Defaults } from '../src/contracts/post-record.ts';
import { answerHelp } from './help.ts';

answerHelp(import.meta.url);

export function benchPosts(texts: readonly string[], idPrefix: string, at: number = Date.now()): PostRecord[] {
  return texts.map((text, i) => ({
    id: `${idPrefix}${i}`,
    text,
    created_at: at,
    author: { id: 'a', handle: 'a' },
    lang: 'en',
    source: 'bench',
    hashtags: [],
    metrics: null,
    ingested_at: at,
    ...postV2Defaults,
    langs: [],
  }));
}

/** The non-blank `text` of every line of a JSONL file that has one (the sample's invalid lines are skipped). */
export function jsonlTexts(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const text = (JSON.parse(line) as { text?: unknown }).text;
        return typeof text === 'string' && text.trim() ? [text] : [];
      } catch {
        return [];
      }
    });
}
