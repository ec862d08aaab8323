import type { EvalReport } from './evaluate.ts';

const f3 = (v: number) => v.toFixed(3);

/** The human-readable form of an eval report: headline metrics, per-class table, confusion matrix. */
export function formatReport(report: EvalReport, model: string): string {
  const lines = [
    `task ${report.task} (${report.mode}), ${model}`,
    `n ${report.n}`,
    `accuracy ${f3(report.accuracy)}${report.mode === 'multi-label' ? ' (top-1 among gold labels)' : ''}`,
  ];
  if ('micro_f1' in report) lines.push(`micro_f1 ${f3(report.micro_f1)} (predicted label sets)`);
  lines.push(`macro_f1 ${f3(report.macro_f1)}`, `macro_recall ${f3(report.macro_recall)}`);
  if (report.other_rate !== undefined) lines.push(`other_rate ${f3(report.other_rate)} (posts whose topic is \`other\`)`);
  lines.push('');
  const width = Math.max(5, ...Object.keys(report.per_class).map((l) => l.length));
  lines.push(`${'class'.padEnd(width)}  precision  recall  f1     support`);
  for (const [label, m] of Object.entries(report.per_class)) {
    lines.push(`${label.padEnd(width)}  ${f3(m.precision).padEnd(9)}  ${f3(m.recall).padEnd(6)}  ${f3(m.f1)}  ${m.support}`);
  }
  if ('confusion' in report) lines.push('', ...formatConfusion(report.confusion.labels, report.confusion.matrix));
  lines.push('', `throughput ${report.posts_per_s.toFixed(0)} posts/s (batch ${report.batch})`);
  return `${lines.join('\n')}\n`;
}

/** Rows are gold labels, columns predictions, headed by each label's index to stay narrow. */
function formatConfusion(labels: readonly string[], matrix: readonly number[][]): string[] {
  const width = Math.max(...labels.map((l) => l.length)) + 5;
  const cell = Math.max(3, ...matrix.flat().map((v) => String(v).length));
  const header = `${'gold \\ predicted'.padEnd(width)} ${labels.map((_, i) => String(i).padStart(cell)).join(' ')}`;
  return [
    'confusion matrix',
    header,
    ...labels.map((l, i) => `${`${i} ${l}`.padEnd(width)} ${matrix[i].map((v) => String(v).padStart(cell)).join(' ')}`),
  ];
}
