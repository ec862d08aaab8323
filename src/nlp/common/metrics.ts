/**
 * Pure classification metrics, for `scripts/eval.ts` and the training CV. Conventions:
 * - precision of a class never predicted is 0; recall of a class never in the gold data is 0;
 * - macro averages run over the classes present in the gold data (for sentiment: TweetEval's
 *   macro-averaged recall over negative/neutral/positive);
 * - the confusion matrix is indexed [gold][predicted].
 */
import { AppError, ErrorCode } from '../../errors/app-error.ts';

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}
export interface Confusion {
  labels: string[];
  matrix: number[][];
}

export interface SingleLabelMetrics {
  n: number;
  accuracy: number;
  macro_f1: number;
  macro_recall: number;
  per_class: Record<string, ClassMetrics>;
  confusion: Confusion;
}

export interface MultiLabelMetrics {
  n: number;
  /** Top-1 accuracy: the best label counts as right when it is among the gold labels. */
  accuracy: number;
  top1_accuracy: number;
  micro_f1: number;
  macro_f1: number;
  macro_recall: number;
  per_class: Record<string, ClassMetrics>;
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const mean = (xs: readonly number[]) =>
  ratio(
    xs.reduce((s, x) => s + x, 0),
    xs.length,
  );

/** Known labels first, in their order, then any other label seen, sorted. */
export function labelOrder(known: readonly string[], ...seen: ReadonlyArray<readonly string[]>): string[] {
  const extra = new Set(seen.flat().filter((l) => !known.includes(l)));
  return [...known, ...[...extra].sort()];
}

function classMetrics(c: Counts): ClassMetrics {
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  return { precision, recall, f1: f1(precision, recall), support: c.tp + c.fn };
}

function summarizeClasses(labels: readonly string[], counts: ReadonlyMap<string, Counts>) {
  const per_class: Record<string, ClassMetrics> = {};
  for (const l of labels) per_class[l] = classMetrics(counts.get(l) ?? { tp: 0, fp: 0, fn: 0 });
  const present = labels.filter((l) => per_class[l].support > 0);
  return {
    per_class,
    macro_f1: mean(present.map((l) => per_class[l].f1)),
    macro_recall: mean(present.map((l) => per_class[l].recall)),
  };
}

export function singleLabelMetrics(
  gold: readonly string[],
  predicted: readonly string[],
  known: readonly string[] = [],
): SingleLabelMetrics {
  if (gold.length !== predicted.length)
    throw new AppError(ErrorCode.INTERNAL, `${gold.length} gold labels but ${predicted.length} predictions`);
  const labels = labelOrder(known, gold, predicted);
  const index = new Map(labels.map((l, i) => [l, i]));
  const matrix = labels.map(() => labels.map(() => 0));
  gold.forEach((g, i) => {
    matrix[index.get(g)!][index.get(predicted[i])!]++;
  });
  const counts = new Map<string, Counts>();
  labels.forEach((l, i) => {
    const tp = matrix[i][i];
    const rowSum = matrix[i].reduce((s, x) => s + x, 0);
    const colSum = matrix.reduce((s, row) => s + row[i], 0);
    counts.set(l, { tp, fn: rowSum - tp, fp: colSum - tp });
  });
  const correct = labels.reduce((s, _, i) => s + matrix[i][i], 0);
  return { n: gold.length, accuracy: ratio(correct, gold.length), ...summarizeClasses(labels, counts), confusion: { labels, matrix } };
}

/** Set-based metrics: each record's predicted label set against its gold set, plus top-1 accuracy. */
export function multiLabelMetrics(
  gold: ReadonlyArray<readonly string[]>,
  predicted: ReadonlyArray<readonly string[]>,
  top1: readonly string[],
  known: readonly string[] = [],
): MultiLabelMetrics {
  if (gold.length !== predicted.length || gold.length !== top1.length)
    throw new AppError(ErrorCode.INTERNAL, 'gold, predicted sets and top-1 labels differ in length');
  const labels = labelOrder(known, ...gold, ...predicted);
  const counts = new Map<string, Counts>(labels.map((l) => [l, { tp: 0, fp: 0, fn: 0 }]));
  gold.forEach((g, i) => {
    const p = new Set(predicted[i]);
    const gs = new Set(g);
    for (const l of p) counts.get(l)![gs.has(l) ? 'tp' : 'fp']++;
    for (const l of gs) if (!p.has(l)) counts.get(l)!.fn++;
  });
  const total = [...counts.values()].reduce((s, c) => ({ tp: s.tp + c.tp, fp: s.fp + c.fp, fn: s.fn + c.fn }), { tp: 0, fp: 0, fn: 0 });
  const top1Right = top1.filter((t, i) => gold[i].includes(t)).length;
  const top1_accuracy = ratio(top1Right, gold.length);
  return { n: gold.length, accuracy: top1_accuracy, top1_accuracy, micro_f1: classMetrics(total).f1, ...summarizeClasses(labels, counts) };
}
