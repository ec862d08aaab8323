import { type ClassificationRecord, classificationV3Defaults } from '../../src/contracts/classification-record.ts';

export { postV2Defaults } from '../../src/contracts/post-record.ts';

/** The fields classification v3 added (their reader defaults: `classificationV3Defaults`). */
export type V3Field = keyof typeof classificationV3Defaults;

/** A complete v3 classification of a post `id` with sentiment `label`, for sink tests. */
export const classificationRecord = (id: string, label = 'positive'): ClassificationRecord => ({
  tweet_id: id,
  text: 'hi',
  author_id: 'a',
  author_handle: 'h',
  lang: 'en',
  source: 'file',
  created_at: Date.UTC(2020, 2, 1),
  classified_at: Date.UTC(2024, 0, 1),
  sentiment: { label, score: 0.9 },
  topic: {
    label: 'vaccines',
    score: 0.7,
    top: [
      { topic: 'vaccines', score: 0.7 },
      { topic: 'masks', score: 0.2 },
    ],
  },
  model: { encoder: 'minilm', encoder_version: '1', sentiment_model: 'head', topic_model: 'proto' },
  model_latency_ms: 2,
  pipeline_latency_ms: 40,
  schema_version: 2,
  language: 'en',
  topic_scores: { vaccines: 0.7, masks: 0.2 },
  ...classificationV3Defaults,
});
