/**
 * Token-aware batching, pure: a window of posts is ordered by token count and cut into model
 * calls whose padded size (posts x longest post) stays within a token budget, so a call never
 * pads a dozen short posts to the length of one long one. Results come back per call and are
 * put back in the window's order. Knows nothing of Kafka or of which encoder runs.
 */
import { AppError, ErrorCode } from '../errors/app-error.ts';

export interface TokenBatchOptions {
  /** Max padded tokens per model call: posts in the call x tokens of its longest post. */
  readonly tokenBudget: number;
  /** Max posts per model call, whatever their length. */
  readonly maxBatch: number;
}

/** Indices into `tokenCounts`, one array per model call, shortest posts first; every index once. */
export function planBatches(tokenCounts: readonly number[], options: TokenBatchOptions): number[][] {
  const order = tokenCounts.map((_, i) => i).sort((a, b) => tokenCounts[a]! - tokenCounts[b]! || a - b);
  const batches: number[][] = [];
  let current: number[] = [];
  for (const i of order) {
    // Ascending order: the post being added is the longest of its call so far.
    const padded = (current.length + 1) * Math.max(1, tokenCounts[i]!);
    if (current.length > 0 && (padded > options.tokenBudget || current.length >= options.maxBatch)) {
      batches.push(current);
      current = [];
    }
    current.push(i);
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/** The answers of each call, put back at their posts' places in the window. */
export function scatter<R>(plan: readonly (readonly number[])[], answers: readonly (readonly R[])[], size: number): R[] {
  if (answers.length !== plan.length)
    throw new AppError(ErrorCode.INTERNAL, `expected answers for ${plan.length} model calls, got ${answers.length}`);
  const out = new Array<R>(size);
  const seen = new Uint8Array(size);
  plan.forEach((indices, b) => {
    const batch = answers[b]!;
    if (batch.length !== indices.length)
      throw new AppError(ErrorCode.INTERNAL, `model call ${b} answered ${batch.length} results for ${indices.length} posts`);
    indices.forEach((index, j) => {
      if (index < 0 || index >= size || seen[index])
        throw new AppError(ErrorCode.INTERNAL, `plan names post ${index} twice or out of range`);
      seen[index] = 1;
      out[index] = batch[j]!;
    });
  });
  if (seen.some((s) => s === 0)) throw new AppError(ErrorCode.INTERNAL, 'plan leaves a post of the window without an answer');
  return out;
}

/** Padded tokens the calls of a plan cost (the model's work), for metrics and benchmarks. */
export function paddedTokens(tokenCounts: readonly number[], plan: readonly (readonly number[])[]): number {
  return plan.reduce((sum, indices) => sum + indices.length * Math.max(0, ...indices.map((i) => tokenCounts[i]!)), 0);
}

/**
 * A stand-in token count for classifiers without a local tokenizer (remote backends): WordPiece
 * and SentencePiece vocabularies average a little under 4 characters of tweet text per token.
 */
export function estimateTokens(text: string): number {
  return 2 + Math.ceil(text.length / 4);
}
