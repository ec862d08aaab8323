import type { TextClassifier } from '../nlp/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';
import { toClassificationRecord, type ClassificationRecord } from './classification-record.ts';

/**
 * Pure stage logic: one batched model call for a micro-batch of tweets, one result each,
 * in input order. Kafka, the registry and the clock stay outside.
 */
export async function classifyBatch(
  tweets: readonly TweetRecord[],
  classifier: TextClassifier,
  clock: () => number = Date.now,
): Promise<{ results: ClassificationRecord[]; modelMs: number }> {
  if (tweets.length === 0) return { results: [], modelMs: 0 };
  const started = performance.now();
  const predictions = await classifier.classify(tweets.map((t) => t.text));
  const modelMs = performance.now() - started;
  if (predictions.length !== tweets.length) {
    throw new Error(`classifier returned ${predictions.length} predictions for ${tweets.length} texts`);
  }
  const classifiedAt = clock();
  const results = tweets.map((tweet, i) =>
    toClassificationRecord(tweet, predictions[i]!, classifier.info, { classifiedAt, modelMsPerPost: modelMs / tweets.length }),
  );
  return { results, modelMs };
}
