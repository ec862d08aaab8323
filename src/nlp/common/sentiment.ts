/** The three sentiment classes, in the order every head's rows use. */
export const Sentiment = { NEGATIVE: 'negative', NEUTRAL: 'neutral', POSITIVE: 'positive' } as const;
export type Sentiment = (typeof Sentiment)[keyof typeof Sentiment];
/** A sentiment answer: the chosen class, its score and every class's score. */
export interface SentimentScores {
  label: Sentiment;
  score: number;
  scores: Record<Sentiment, number>;
}
export const SENTIMENT_LABELS: readonly Sentiment[] = [Sentiment.NEGATIVE, Sentiment.NEUTRAL, Sentiment.POSITIVE];

export function isSentiment(value: string): value is Sentiment {
  return (SENTIMENT_LABELS as readonly string[]).includes(value);
}
