import { z } from 'zod';
import { SENTIMENT_LABELS, type Sentiment, type SentimentScores } from '../common/sentiment.ts';
import { softmax } from '../common/vectors.ts';

/**
 * How sentiment logits become a label. A model trained on skewed classes leans towards the frequent
 * ones; macro-recall (the TweetEval metric) rewards every class equally, so the logits may be shifted:
 *
 *   argmax             the model's own choice
 *   prior-correction   logit_c - alpha * log(prior_c): alpha = 1 divides out the training prior
 *                      (Bayes-optimal for balanced classes), 0 is argmax; alpha is picked on a dev slice
 *   offsets            logit_c + offset_c, per-class offsets picked on a dev slice
 *
 * Only the label moves: the probabilities reported stay the model's own (the softmax of the unshifted
 * logits), so "which of positive and negative is likelier" still reads the model's belief, while the
 * label is the decision that serves every class equally.
 */
const perClass = z.strictObject({ negative: z.number(), neutral: z.number(), positive: z.number() });

export const decisionRuleSchema = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('argmax') }),
  z.strictObject({
    rule: z.literal('prior-correction'),
    alpha: z.number().min(0).max(5),
    /** The class frequencies of the training data. */
    prior: perClass.refine((p) => p.negative > 0 && p.neutral > 0 && p.positive > 0, 'every class prior must be > 0'),
  }),
  z.strictObject({ rule: z.literal('offsets'), offsets: perClass }),
]);
export type DecisionRule = z.infer<typeof decisionRuleSchema>;

export const ARGMAX: DecisionRule = { rule: 'argmax' };

/** The per-class shift of a rule, in the order of `labels`. */
export function decisionBias(rule: DecisionRule, labels: readonly Sentiment[]): number[] {
  switch (rule.rule) {
    case 'argmax':
      return labels.map(() => 0);
    case 'prior-correction':
      return labels.map((l) => -rule.alpha * Math.log(rule.prior[l]));
    case 'offsets':
      return labels.map((l) => rule.offsets[l]);
  }
}

/** Logits -> the label (argmax of the shifted logits) and the model's three class probabilities. */
export function decide(logits: ArrayLike<number>, labels: readonly Sentiment[], bias: readonly number[]): SentimentScores {
  const raw = Array.from(logits);
  const probs = softmax(raw);
  const scores = { negative: 0, neutral: 0, positive: 0 } as Record<Sentiment, number>;
  labels.forEach((l, i) => {
    scores[l] = probs[i];
  });
  let best = 0;
  for (let i = 1; i < raw.length; i++) if (raw[i] + bias[i] > raw[best] + bias[best]) best = i;
  return { label: labels[best], score: probs[best], scores };
}

/** A short name for model info and reports, e.g. `prior-correction(alpha=0.6)`. */
export function describeRule(rule: DecisionRule): string {
  if (rule.rule === 'prior-correction') return `prior-correction(alpha=${rule.alpha})`;
  if (rule.rule === 'offsets') return `offsets(${SENTIMENT_LABELS.map((l) => `${l.slice(0, 3)}=${rule.offsets[l]}`).join(',')})`;
  return 'argmax';
}
