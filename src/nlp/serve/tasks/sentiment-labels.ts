import { AppError, ErrorCode } from '../../../errors/app-error.ts';
import { SENTIMENT_LABELS, type Sentiment } from '../../common/sentiment.ts';
import type { LabelScore } from '../backends/types.ts';
import type { SentimentScores } from '../sentiment-head.ts';

/** Common spellings of sentiment labels across hub models (cardiffnlp, nlptown-style, LABEL_n). */
const BY_NAME: ReadonlyArray<[RegExp, Sentiment]> = [
  [/^neg/i, 'negative'],
  [/^neu/i, 'neutral'],
  [/^pos/i, 'positive'],
  [/^LABEL_0$/, 'negative'],
  [/^LABEL_1$/, 'neutral'],
  [/^LABEL_2$/, 'positive'],
];

/** Maps a model's label to ours: the config's `labels` first, then the common spellings. */
export function sentimentOf(label: string, mapping: Readonly<Record<string, Sentiment>>, model: string): Sentiment {
  const mapped = mapping[label] ?? BY_NAME.find(([pattern]) => pattern.test(label))?.[1];
  if (mapped) return mapped;
  throw new AppError(
    ErrorCode.CONFIG,
    `Sentiment model ${model} answered label "${label}", which maps to none of negative/neutral/positive; add "labels": {"${label}": "negative" | "neutral" | "positive"} to the sentiment task in the model config.`,
    {
      context: { model, label },
    },
  );
}

/** A model's label scores as our three classes (a two-label model leaves neutral at 0). */
export function toSentimentScores(
  answer: readonly LabelScore[],
  mapping: Readonly<Record<string, Sentiment>>,
  model: string,
): SentimentScores {
  const scores: Record<Sentiment, number> = { negative: 0, neutral: 0, positive: 0 };
  for (const { label, score } of answer) scores[sentimentOf(label, mapping, model)] += score;
  const label = SENTIMENT_LABELS.reduce((best, l) => (scores[l] > scores[best] ? l : best));
  return { label, score: scores[label], scores };
}
