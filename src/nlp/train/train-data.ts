/** What scripts/train.ts does to its data before training: a per-class cap, and the provenance line stored in the head. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { LabeledText } from '../common/labeled-data.ts';

/** The first `max` examples of each class, in file order (all of them without a cap). */
export function capPerClass(data: readonly LabeledText[], max: number | undefined): LabeledText[] {
  if (!max) return [...data];
  const seen = new Map<string, number>();
  return data.filter((d) => {
    const n = (seen.get(d.label) ?? 0) + 1;
    seen.set(d.label, n);
    return n <= max;
  });
}

/** The head file's `data` line: the TweetEval validation split, a SemEval export (its SOURCE.json), or the file's name. */
export function describeData(path: string, max: number | undefined): string {
  const cap = max ? `, first ${max} per class` : '';
  if (basename(path) === 'tweeteval-sentiment-val')
    return 'TweetEval sentiment validation split (cardiffnlp/tweeteval datasets/sentiment val_text.txt/val_labels.txt, 2000 tweets)';
  const source = join(dirname(path), 'SOURCE.json');
  if (existsSync(source)) {
    const s = JSON.parse(readFileSync(source, 'utf8')) as { repo: string; commit: string; kept: number };
    return `SemEval 2013-2016 Task 4A English tweets (${s.repo}@${s.commit.slice(0, 7)} dataset/Subtask_A/downloaded, ${s.kept} after removing TweetEval validation tweets and duplicates${cap}; scripts/fetch-sentiment-data.ts)`;
  }
  return `${basename(path)}${cap}`;
}
