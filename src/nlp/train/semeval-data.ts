import type { LabeledText } from '../common/labeled-data.ts';
import { isSentiment } from '../common/sentiment.ts';

/**
 * SemEval 2013-2016 Task 4 subtask A English tweets (`id<TAB>label<TAB>text` lines), turned into
 * training data that never overlaps an evaluation set: TweetEval's sentiment train/val splits were
 * drawn from these same files, so every tweet whose normalised text is in an excluded set (the
 * TweetEval validation tweets we report on) is dropped, and so are duplicates across years.
 */
export const SEMEVAL_TRAIN_FILES = [
  'twitter-2013train-A.tsv',
  'twitter-2013dev-A.tsv',
  'twitter-2013test-A.tsv',
  'twitter-2014test-A.tsv',
  'twitter-2014sarcasm-A.tsv',
  'twitter-2015train-A.tsv',
  'twitter-2015test-A.tsv',
  'twitter-2016train-A.tsv',
  'twitter-2016dev-A.tsv',
  'twitter-2016devtest-A.tsv',
  'twitter-2016test-A.tsv',
] as const; // never the SemEval-2017 test file: it is TweetEval's test split, the benchmark

/** The 2016 files escape non-ASCII as \uXXXX and commas as \u002c. */
export function unescapeTweet(text: string): string {
  return text
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\"/g, '"')
    .trim();
}

/** TweetEval's form of a tweet (mentions -> @user) so users of the data see the same text. */
export function anonymize(text: string): string {
  return text.replace(/@\w+/g, '@user');
}

/** A key equal for the same tweet in SemEval and TweetEval form (case, URLs, mentions, punctuation). */
export function tweetKey(text: string): string {
  return unescapeTweet(text)
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/@\w+/g, ' ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function parseSemEvalLines(content: string): LabeledText[] {
  const out: LabeledText[] = [];
  for (const line of content.split(/\r?\n/)) {
    const [, rawLabel = '', ...rest] = line.split('\t');
    const label = rawLabel.trim();
    const text = anonymize(unescapeTweet(rest.join(' ')));
    if (isSentiment(label) && text && text !== 'Not Available') out.push({ text, label });
  }
  return out;
}

/** Drops excluded tweets and repeats (first occurrence wins), by normalised text. */
export function dedupe(
  rows: readonly LabeledText[],
  exclude: ReadonlySet<string>,
): { rows: LabeledText[]; excluded: number; duplicates: number } {
  const seen = new Set<string>();
  const kept: LabeledText[] = [];
  let excluded = 0;
  let duplicates = 0;
  for (const row of rows) {
    const key = tweetKey(row.text);
    if (!key || exclude.has(key)) excluded++;
    else if (seen.has(key)) duplicates++;
    else {
      seen.add(key);
      kept.push(row);
    }
  }
  return { rows: kept, excluded, duplicates };
}
