import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors/app-error.ts';
import { isSentiment } from './sentiment.ts';
import type { Sentiment } from './sentiment.ts';

export interface LabeledText { text: string; label: Sentiment }

/** TweetEval's mapping.txt order (0 negative, 1 neutral, 2 positive); numeric labels elsewhere use it too. */
const NUMERIC: readonly Sentiment[] = ['negative', 'neutral', 'positive'];

function toLabel(raw: unknown, where: string): Sentiment {
  const value = String(raw).trim().toLowerCase();
  if (isSentiment(value)) return value;
  const numeric = NUMERIC[Number(value)];
  if (/^[0-2]$/.test(value) && numeric) return numeric;
  throw new AppError('INVALID_INPUT', `${where}: label "${String(raw)}" is not negative/neutral/positive or 0/1/2`);
}

/** Reads a TweetEval-style dir (<split>_text.txt + <split>_labels.txt), a JSONL {text,label} or a TSV text<TAB>label file. */
export async function readLabeled(path: string): Promise<LabeledText[]> {
  if (!existsSync(path)) throw new AppError('INVALID_INPUT', `Labeled data ${path} does not exist`);
  if (statSync(path).isDirectory()) return readTweetEvalDir(path);
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/).filter((l) => l.trim().length > 0);
  if (path.endsWith('.jsonl')) return lines.map((l, i) => fromJson(l, `${path}:${i + 1}`));
  return lines.map((l, i) => fromTsv(l, `${path}:${i + 1}`));
}

function fromJson(line: string, where: string): LabeledText {
  const row = JSON.parse(line) as { text?: unknown; label?: unknown };
  if (typeof row.text !== 'string') throw new AppError('INVALID_INPUT', `${where}: "text" must be a string`);
  return { text: row.text, label: toLabel(row.label, where) };
}

function fromTsv(line: string, where: string): LabeledText {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) throw new AppError('INVALID_INPUT', `${where}: expected text<TAB>label`);
  return { text: line.slice(0, tab), label: toLabel(line.slice(tab + 1), where) };
}

async function readTweetEvalDir(dir: string): Promise<LabeledText[]> {
  const split = ['train', 'val', 'test'].find((s) => existsSync(join(dir, `${s}_text.txt`)));
  if (!split) throw new AppError('INVALID_INPUT', `${dir} holds no <split>_text.txt / <split>_labels.txt pair`);
  const texts = (await readFile(join(dir, `${split}_text.txt`), 'utf8')).split('\n');
  const labels = (await readFile(join(dir, `${split}_labels.txt`), 'utf8')).split('\n');
  const out: LabeledText[] = [];
  labels.forEach((l, i) => {
    if (l.trim()) out.push({ text: (texts[i] ?? '').trim(), label: toLabel(l, `${dir}/${split}_labels.txt:${i + 1}`) });
  });
  return out;
}
