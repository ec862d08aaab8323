/**
 * The classify stage's output: a post record and the models' answer made into the record
 * written to `tweets.classified` (src/contracts/classification-record.ts).
 */
import {
  CLASSIFICATION_SCHEMA_VERSION,
  type ClassificationRecord,
  LabelStatus,
  MAX_RESULT_TEXT,
  postLanguage,
  UNCLASSIFIED,
} from '../contracts/classification-record.ts';
import { truncateText } from '../contracts/limits.ts';
import type { PostRecord } from '../contracts/post-record.ts';
import type { ModelInfo, Prediction } from '../nlp/serve/classifier.ts';

export function toClassificationRecord(
  post: PostRecord,
  prediction: Prediction,
  info: ModelInfo,
  timing: { classifiedAt: number; modelMsPerPost: number },
): ClassificationRecord {
  const since = post.ingested_at > 0 ? post.ingested_at : post.created_at;
  return {
    tweet_id: post.id,
    text: truncateText(post.text, MAX_RESULT_TEXT),
    author_id: post.author.id,
    author_handle: post.author.handle,
    lang: post.lang,
    source: post.source,
    created_at: post.created_at,
    classified_at: timing.classifiedAt,
    sentiment: { label: prediction.sentiment.label, score: prediction.sentiment.score },
    topic: {
      label: prediction.topic.label,
      score: prediction.topic.score,
      top: prediction.topic.top.map((t) => ({ topic: t.topic, score: t.score })),
    },
    model: {
      encoder: info.encoder,
      encoder_version: info.encoderVersion,
      sentiment_model: info.sentimentModel,
      topic_model: info.topicModel,
    },
    model_latency_ms: timing.modelMsPerPost,
    pipeline_latency_ms: Math.max(0, timing.classifiedAt - since),
    schema_version: CLASSIFICATION_SCHEMA_VERSION,
    language: postLanguage(post),
    topic_scores: Object.fromEntries(prediction.topic.top.map((t) => [t.topic, t.score])),
    ...postFields(post),
    label_status: LabelStatus.OK,
  };
}

function postFields(post: PostRecord): Pick<ClassificationRecord, 'platform' | 'uri' | 'url' | 'reply_to' | 'edited_at'> {
  return { platform: post.platform, uri: post.uri, url: post.url, reply_to: post.reply_to, edited_at: post.edited_at };
}

/**
 * The record for a post in a language the models do not cover: no confident wrong labels,
 * `unclassified` with score 0 and label_status `unsupported_language`, so MySQL and the
 * dashboard can tell it apart.
 */
export function toUnclassifiedRecord(post: PostRecord, info: ModelInfo, classifiedAt: number): ClassificationRecord {
  const none: Prediction = { sentiment: { label: 'neutral', score: 0 }, topic: { label: UNCLASSIFIED, score: 0, top: [] } };
  const record = toClassificationRecord(post, none, info, { classifiedAt, modelMsPerPost: 0 });
  return { ...record, sentiment: { label: UNCLASSIFIED, score: 0 }, label_status: LabelStatus.UNSUPPORTED_LANGUAGE };
}
