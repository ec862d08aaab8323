import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors/app-error.ts';
import type { Encoder } from './encoder.ts';
import { readJsonFile } from './read-json.ts';
import { SENTIMENT_LABELS } from './sentiment.ts';
import type { Sentiment } from './sentiment.ts';
import { dot, normalizedMean, softmax } from './vectors.ts';

/** A linear softmax head over frozen encoder embeddings, as committed under src/nlp/heads/. */
export const headFileSchema = z.strictObject({
  kind: z.literal('softmax-regression'),
  encoder: z.string(),
  labels: z.array(z.enum(SENTIMENT_LABELS as [Sentiment, ...Sentiment[]])).length(3),
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  metadata: z.record(z.string(), z.unknown()),
});
export type HeadFile = z.infer<typeof headFileSchema>;

export interface SentimentScores { label: Sentiment; score: number; scores: Record<Sentiment, number> }

export interface SentimentHead {
  readonly name: string;
  predict(embedding: Float32Array): SentimentScores;
}

export async function loadHeadFile(path: string, encoder: Encoder): Promise<HeadFile> {
  const head = await readJsonFile(path, headFileSchema, 'sentiment head');
  if (head.encoder !== encoder.name) {
    throw new AppError('CONFIG', `Sentiment head ${path} was trained on encoder "${head.encoder}", not "${encoder.name}"; train one with scripts/train.ts or pick the matching encoder.`, { context: { path } });
  }
  if (head.weights.length !== head.labels.length || head.weights.some((w) => w.length !== encoder.dim)) {
    throw new AppError('CONFIG', `Sentiment head ${path} has the wrong shape for a ${encoder.dim}-dim encoder`, { context: { path } });
  }
  return head;
}

export function linearHead(head: HeadFile, name: string): SentimentHead {
  const rows = head.weights.map((w) => Float32Array.from(w));
  return {
    name,
    predict(embedding) {
      const probs = softmax(rows.map((w, i) => dot(w, embedding) + head.bias[i]));
      return best(head.labels, probs);
    },
  };
}

function best(labels: readonly Sentiment[], probs: readonly number[]): SentimentScores {
  let i = 0;
  for (let j = 1; j < probs.length; j++) if (probs[j] > probs[i]) i = j;
  const scores = Object.fromEntries(labels.map((l, j) => [l, probs[j]])) as Record<Sentiment, number>;
  return { label: labels[i], score: probs[i], scores };
}

/** Fallback when no trained head exists: similarity to descriptions of each class. */
const descriptions: Record<Sentiment, string[]> = {
  negative: ['This is a negative post: angry, sad, disappointed, upset, hateful.', 'I hate this, it is terrible and awful.'],
  neutral: ['This is a neutral, factual post: news, information, an announcement.', 'The meeting is scheduled for Tuesday at 3 pm.'],
  positive: ['This is a positive post: happy, grateful, excited, loving, great.', 'I love this, it is wonderful and amazing.'],
};

export async function descriptionHead(encoder: Encoder, temperature = 0.05): Promise<SentimentHead> {
  const prototypes: Float32Array[] = [];
  for (const label of SENTIMENT_LABELS) prototypes.push(normalizedMean(await encoder.embed(descriptions[label])));
  return {
    name: `label-similarity@${encoder.name}`,
    predict: (embedding) => best(SENTIMENT_LABELS, softmax(prototypes.map((p) => dot(p, embedding) / temperature))),
  };
}

/** The trained head if its file exists, else the description-similarity fallback. */
export async function loadSentimentHead(path: string, encoder: Encoder): Promise<SentimentHead> {
  if (!existsSync(path)) return descriptionHead(encoder);
  const head = await loadHeadFile(path, encoder);
  const trainedOn = String(head.metadata.trainedAt ?? '').slice(0, 10);
  return linearHead(head, `softmax-regression@${head.encoder}${trainedOn ? `:${trainedOn}` : ''}`);
}
