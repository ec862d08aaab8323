import { isTransient } from '../errors/transient.ts';
import type { TextClassifier } from '../nlp/classifier.ts';
import type { TweetRecord } from '../produce/tweet-record.ts';
import { toClassificationRecord, type ClassificationRecord } from './classification-record.ts';
import { estimateTokens, paddedTokens, planBatches, scatter, type TokenBatchOptions } from './token-batches.ts';

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

export interface WindowClassification {
  /** One per tweet, in the window's order: its result, or the error the model raised on it alone. */
  readonly results: Array<ClassificationRecord | Error>;
  readonly modelMs: number;
  /** Model calls made, and the posts x longest-post tokens they cost (padding included). */
  readonly calls: number;
  readonly paddedTokens: number;
}

/**
 * A window of tweets through the model in token-budgeted calls (token-batches.ts), results back in
 * window order. A call the model fails on is retried post by post, so one poison post costs only
 * itself; a transient failure (a remote backend's 5xx) is thrown for the caller to retry.
 */
export async function classifyWindow(
  tweets: readonly TweetRecord[],
  classifier: TextClassifier,
  options: TokenBatchOptions,
  clock: () => number = Date.now,
): Promise<WindowClassification> {
  if (tweets.length === 0) return { results: [], modelMs: 0, calls: 0, paddedTokens: 0 };
  const counts = classifier.tokenCounts?.(tweets.map((t) => t.text)) ?? tweets.map((t) => estimateTokens(t.text.trim()));
  const plan = planBatches(counts, options);
  let modelMs = 0;
  let calls = 0;
  const answers: Array<Array<ClassificationRecord | Error>> = [];
  for (const indices of plan) {
    const batch = indices.map((i) => tweets[i]!);
    try {
      const out = await classifyBatch(batch, classifier, clock);
      modelMs += out.modelMs;
      calls++;
      answers.push(out.results);
    } catch (error) {
      if (isTransient(error)) throw error;
      if (batch.length === 1) {
        answers.push([asError(error)]);
        continue;
      }
      const alone: Array<ClassificationRecord | Error> = [];
      for (const tweet of batch) {
        try {
          const out = await classifyBatch([tweet], classifier, clock);
          modelMs += out.modelMs;
          calls++;
          alone.push(out.results[0]!);
        } catch (single) {
          if (isTransient(single)) throw single;
          alone.push(asError(single));
        }
      }
      answers.push(alone);
    }
  }
  return { results: scatter(plan, answers, tweets.length), modelMs, calls, paddedTokens: paddedTokens(counts, plan) };
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));
