import type { TextClassifier } from '../nlp/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';
import { postLanguage, toClassificationRecord, toUnclassifiedRecord, type ClassificationRecord } from './classification-record.ts';

/**
 * Pure stage logic: one batched model call for a micro-batch of tweets, one result each,
 * in input order. Kafka, the registry and the clock stay outside.
 */
export async function classifyBatch(
  tweets: readonly TweetRecord[],
  classifier: TextClassifier,
  clock: () => number = Date.now,
  /** Languages the models cover; null = all. Posts the source marks as another language are not sent to the model. */
  languages: readonly string[] | null = null,
): Promise<{ results: ClassificationRecord[]; modelMs: number }> {
  if (tweets.length === 0) return { results: [], modelMs: 0 };
  const covered = (t: TweetRecord) => isCovered(postLanguage(t), languages);
  const scored = tweets.filter(covered);
  const started = performance.now();
  const predictions = scored.length > 0 ? await classifier.classify(scored.map((t) => t.text)) : [];
  const modelMs = performance.now() - started;
  if (predictions.length !== scored.length) {
    throw new Error(`classifier returned ${predictions.length} predictions for ${scored.length} texts`);
  }
  const classifiedAt = clock();
  let next = 0;
  const results = tweets.map((tweet) =>
    covered(tweet)
      ? toClassificationRecord(tweet, predictions[next++]!, classifier.info, { classifiedAt, modelMsPerPost: modelMs / scored.length })
      : toUnclassifiedRecord(tweet, classifier.info, classifiedAt),
  );
  return { results, modelMs };
}

/** Unknown language (`und`) is classified: most sources do not say, and most such posts are in the models' language. */
export function isCovered(language: string, languages: readonly string[] | null): boolean {
  return languages === null || language === 'und' || languages.includes(language);
}
