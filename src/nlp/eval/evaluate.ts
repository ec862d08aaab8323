import type { LabeledData, LabeledRecord } from '../common/labeled-data.ts';
import type { MultiLabelMetrics, SingleLabelMetrics } from '../common/metrics.ts';
import { multiLabelMetrics, singleLabelMetrics } from '../common/metrics.ts';
import { SENTIMENT_LABELS } from '../common/sentiment.ts';
import type { Prediction, TextClassifier } from '../serve/classifier.ts';
import { OTHER_TOPIC } from '../serve/tasks/topic-task.ts';

export const EvalTask = { SENTIMENT: 'sentiment', TOPIC: 'topic' } as const;
export type EvalTask = (typeof EvalTask)[keyof typeof EvalTask];

export interface EvalOptions {
  task: EvalTask;
  /** Sentiment only: keep records labeled positive or negative and pick the likelier of the two. */
  binary?: boolean;
  batchSize: number;
  /** Topic, multi-label data: a topic joins the predicted set when its score reaches this (top-1 always does). */
  threshold: number;
  /** Label order for the report (the taxonomy's ids, or the sentiment classes). */
  labels: readonly string[];
}

/** other_rate (topic only): the share of posts whose topic came out `other`. */
export type EvalReport = (SingleLabelMetrics | MultiLabelMetrics) & {
  task: EvalTask;
  mode: 'single-label' | 'binary' | 'multi-label';
  posts_per_s: number;
  batch: number;
  other_rate?: number;
};

export interface Timed {
  predictions: Prediction[];
  seconds: number;
}

/** Classifies in sequential batches; the time covers classify() calls only (not model loading). */
export async function classifyAll(classifier: TextClassifier, texts: readonly string[], batchSize: number): Promise<Timed> {
  const predictions: Prediction[] = [];
  const started = performance.now();
  for (let i = 0; i < texts.length; i += batchSize) predictions.push(...(await classifier.classify(texts.slice(i, i + batchSize))));
  return { predictions, seconds: (performance.now() - started) / 1000 };
}

const isPosNeg = (r: LabeledRecord) => r.labels.length === 1 && (r.labels[0] === 'positive' || r.labels[0] === 'negative');

/** The records a run classifies: binary mode keeps the positive and negative ones only. */
export function selectRecords(data: LabeledData, options: Pick<EvalOptions, 'task' | 'binary'>): LabeledRecord[] {
  return options.task === EvalTask.SENTIMENT && options.binary ? data.records.filter(isPosNeg) : data.records;
}

/** Forced choice: the likelier of positive and negative, from the head's class probabilities. */
export function forcedChoice(p: Prediction): 'positive' | 'negative' {
  const s = p.sentiment.scores;
  if (!s) return p.sentiment.label === 'positive' ? 'positive' : 'negative';
  return s.positive >= s.negative ? 'positive' : 'negative';
}

/** Topics in the top-k whose score reaches the threshold; the best one always. */
export function predictedTopicSet(p: Prediction, threshold: number): string[] {
  return p.topic.top.filter((t, i) => i === 0 || t.score >= threshold).map((t) => t.topic);
}

export function scorePredictions(
  records: readonly LabeledRecord[],
  predictions: readonly Prediction[],
  multiLabel: boolean,
  options: EvalOptions,
): SingleLabelMetrics | MultiLabelMetrics {
  const gold = records.map((r) => r.labels);
  if (options.task === EvalTask.SENTIMENT) {
    const predicted = predictions.map((p) => (options.binary ? forcedChoice(p) : p.sentiment.label));
    const known = options.binary ? ['negative', 'positive'] : SENTIMENT_LABELS;
    return singleLabelMetrics(
      gold.map((g) => g[0]),
      predicted,
      known,
    );
  }
  const top1 = predictions.map((p) => p.topic.label);
  if (multiLabel)
    return multiLabelMetrics(
      gold,
      predictions.map((p) => predictedTopicSet(p, options.threshold)),
      top1,
      options.labels,
    );
  return singleLabelMetrics(
    gold.map((g) => g[0]),
    top1,
    options.labels,
  );
}

export async function evaluate(classifier: TextClassifier, data: LabeledData, options: EvalOptions): Promise<EvalReport> {
  const records = selectRecords(data, options);
  const { predictions, seconds } = await classifyAll(
    classifier,
    records.map((r) => r.text),
    options.batchSize,
  );
  const metrics = scorePredictions(records, predictions, data.multiLabel, options);
  const mode =
    options.task === EvalTask.SENTIMENT && options.binary
      ? 'binary'
      : data.multiLabel && options.task === EvalTask.TOPIC
        ? 'multi-label'
        : 'single-label';
  const otherRate =
    options.task === EvalTask.TOPIC
      ? { other_rate: predictions.filter((p) => p.topic.label === OTHER_TOPIC).length / Math.max(1, predictions.length) }
      : {};
  return { task: options.task, mode, ...metrics, ...otherRate, posts_per_s: records.length / seconds, batch: options.batchSize };
}
