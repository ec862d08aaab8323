/**
 * Post records for the benches' in-process model passes (bench:e2e, bench:batching): the text is
 * what counts, the rest is one fixed valid post.
 */
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
