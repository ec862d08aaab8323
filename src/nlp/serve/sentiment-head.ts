import { existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { readJsonFile } from '../common/read-json.ts';
import type { Sentiment, SentimentScores } from '../common/sentiment.ts';
import { SENTIMENT_LABELS } from '../common/sentiment.ts';
import { dot, normalizedMean, softmax } from '../common/vectors.ts';
import type { Encoder } from './encoder.ts';
import type { MlpModel } from './mlp-predictor.ts';
import { mlpPredictor } from './mlp-predictor.ts';

const labelsSchema = z.array(z.enum(SENTIMENT_LABELS as [Sentiment, ...Sentiment[]])).length(3);

/** A linear softmax head over frozen encoder embeddings, as committed under src/nlp/heads/. */
export const linearHeadFileSchema = z.strictObject({
  kind: z.literal('softmax-regression'),
  encoder: z.string(),
  labels: labelsSchema,
  weights: z.array(z.array(z.number())),
  bias: z.array(z.number()),
  metadata: z.record(z.string(), z.unknown()),
});

/** One dense layer: `weights` is rows x cols row-major little-endian float32, base64-encoded. */
const denseLayerSchema = z.strictObject({
  rows: z.number().int().positive(),
  cols: z.number().int().positive(),
  weights: z.string(),
  bias: z.array(z.number()),
});

/** A small MLP head (src/nlp/serve/mlp-predictor.ts): hidden layers with `activation`, the last one gives the logits. */
export const mlpHeadFileSchema = z.strictObject({
  kind: z.literal('mlp'),
  encoder: z.string(),
  labels: labelsSchema,
  activation: z.enum(['relu', 'gelu']),
  layers: z.array(denseLayerSchema).min(2),
  metadata: z.record(z.string(), z.unknown()),
});

export const headFileSchema = z.discriminatedUnion('kind', [linearHeadFileSchema, mlpHeadFileSchema]);
export type LinearHeadFile = z.infer<typeof linearHeadFileSchema>;
export type MlpHeadFile = z.infer<typeof mlpHeadFileSchema>;
export type HeadFile = z.infer<typeof headFileSchema>;

export function encodeFloat32(values: ArrayLike<number>): string {
  const buf = Buffer.alloc(values.length * 4);
  for (let i = 0; i < values.length; i++) buf.writeFloatLE(values[i], i * 4);
  return buf.toString('base64');
}

export function decodeFloat32(base64: string): Float32Array {
  const buf = Buffer.from(base64, 'base64');
  const out = new Float32Array(Math.floor(buf.length / 4));
  for (let i = 0; i < out.length; i++) out[i] = buf.readFloatLE(i * 4);
  return out;
}

/** The head file form of a trained MLP. */
export function mlpHeadFile(model: MlpModel, encoder: string, metadata: Record<string, unknown>): MlpHeadFile {
  return {
    kind: 'mlp',
    encoder,
    labels: [...SENTIMENT_LABELS],
    activation: model.activation,
    layers: model.layers.map((l) => ({
      rows: l.rows,
      cols: l.cols,
      weights: encodeFloat32(l.weights),
      bias: Array.from(l.bias, (v) => Math.round(v * 1e6) / 1e6),
    })),
    metadata,
  };
}

/** The model of an MLP head file; throws when the layer shapes do not chain from `dim` inputs to the labels. */
export function mlpFromHeadFile(head: MlpHeadFile, dim: number, path = 'head'): MlpModel {
  const layers = head.layers.map((l) => ({
    rows: l.rows,
    cols: l.cols,
    weights: decodeFloat32(l.weights),
    bias: Float32Array.from(l.bias),
  }));
  let inputs = dim;
  for (const l of layers) {
    if (l.cols !== inputs || l.weights.length !== l.rows * l.cols || l.bias.length !== l.rows) {
      throw new AppError(ErrorCode.CONFIG, `Sentiment head ${path} has the wrong shape for a ${dim}-dim encoder`, { context: { path } });
    }
    inputs = l.rows;
  }
  if (inputs !== head.labels.length)
    throw new AppError(ErrorCode.CONFIG, `Sentiment head ${path} has the wrong shape for a ${dim}-dim encoder`, { context: { path } });
  return { activation: head.activation, layers };
}

export type { SentimentScores };

export interface SentimentHead {
  readonly name: string;
  predict(embedding: Float32Array): SentimentScores;
}

export async function loadHeadFile(path: string, encoder: Encoder): Promise<HeadFile> {
  const head = await readJsonFile(path, headFileSchema, 'sentiment head');
  if (head.encoder !== encoder.name) {
    throw new AppError(
      ErrorCode.CONFIG,
      `Sentiment head ${path} was trained on encoder "${head.encoder}", not "${encoder.name}"; train one with scripts/train.ts or pick the matching encoder.`,
      { context: { path } },
    );
  }
  if (head.kind === 'mlp') {
    mlpFromHeadFile(head, encoder.dim, path);
    return head;
  }
  if (head.weights.length !== head.labels.length || head.weights.some((w) => w.length !== encoder.dim)) {
    throw new AppError(ErrorCode.CONFIG, `Sentiment head ${path} has the wrong shape for a ${encoder.dim}-dim encoder`, {
      context: { path },
    });
  }
  return head;
}

export function linearHead(head: LinearHeadFile, name: string): SentimentHead {
  const rows = head.weights.map((w) => Float32Array.from(w));
  return {
    name,
    predict(embedding) {
      const probs = softmax(rows.map((w, i) => dot(w, embedding) + head.bias[i]));
      return best(head.labels, probs);
    },
  };
}

export function mlpHead(head: MlpHeadFile, dim: number, name: string): SentimentHead {
  const predict = mlpPredictor(mlpFromHeadFile(head, dim));
  return { name, predict: (embedding) => best(head.labels, predict(embedding)) };
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

/** The trained head (linear or MLP) if its file exists, else the description-similarity fallback. */
export async function loadSentimentHead(path: string, encoder: Encoder): Promise<SentimentHead> {
  if (!existsSync(path)) return descriptionHead(encoder);
  const head = await loadHeadFile(path, encoder);
  const trainedOn = String(head.metadata.trainedAt ?? '').slice(0, 10);
  const suffix = `@${head.encoder}${trainedOn ? `:${trainedOn}` : ''}`;
  return head.kind === 'mlp' ? mlpHead(head, encoder.dim, `mlp${suffix}`) : linearHead(head, `softmax-regression${suffix}`);
}
