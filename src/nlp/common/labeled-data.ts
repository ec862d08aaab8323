/**
 * The one reader of labeled text, for training (scripts/train.ts) and evaluation (scripts/eval.ts).
 * Formats, by path:
 * - `*.jsonl` / `*.json`, one object a line: `{text,label}` or `{text,labels:[...]}` (multi-label);
 * - any other file: TSV `text<TAB>label`, split on the last tab;
 * - a TweetEval-style directory holding one `<split>_text.txt` + `<split>_labels.txt` pair, or the
 *   path of one split's text file (`DIR/val_text.txt`) to pick a split from a directory with several.
 * The split is never guessed: a directory with several pairs is refused, naming them, because a
 * silent pick is how a test split ends up in training or a training split in an evaluation.
 * Labels pass through a label map (exact, then lower-cased key), then are lower-cased. Blank lines
 * are skipped; error messages name the file and its real line number.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppError, ErrorCode } from '../../errors/app-error.ts';
import { isSentiment, type Sentiment } from './sentiment.ts';

export interface LabeledRecord {
  text: string;
  labels: string[];
}
export interface LabeledData {
  records: LabeledRecord[];
  multiLabel: boolean;
}
export type LabelMap = Readonly<Record<string, string>>;

/** TweetEval's mapping.txt (0 negative, 1 neutral, 2 positive); numeric sentiment labels elsewhere use it too. */
export const TWEETEVAL_SENTIMENT_MAP: LabelMap = { '0': 'negative', '1': 'neutral', '2': 'positive' };

const SPLIT_TEXT = /^(.+)_text\.txt$/;

/** `--label-map "0=negative,1=neutral,2=positive"` or a JSON file holding such an object. */
export async function parseLabelMap(spec: string): Promise<LabelMap> {
  if (existsSync(spec) && statSync(spec).isFile()) {
    const json = JSON.parse(await readFile(spec, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json) || Object.values(json).some((v) => typeof v !== 'string')) {
      throw new AppError(
        ErrorCode.INVALID_INPUT,
        `Label map ${spec} must be a JSON object of strings, e.g. {"0":"negative","1":"neutral"}`,
      );
    }
    return json as LabelMap;
  }
  const map: Record<string, string> = {};
  for (const pair of spec.split(',').filter((p) => p.trim())) {
    const eq = pair.indexOf('=');
    if (eq <= 0)
      throw new AppError(
        ErrorCode.INVALID_INPUT,
        `Label map entry "${pair}" is not FROM=TO; example: --label-map "0=negative,1=neutral,2=positive"`,
      );
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

/** What a caller accepts as a label, checked where the label is read so the error names its line. */
export interface LabelRule {
  accepts: (label: string) => boolean;
  expected: string;
}

export interface ReadOptions {
  map?: LabelMap;
  rule?: LabelRule;
}

/** Reads any of the formats above into records of one or more labels. */
export async function readLabeledData(path: string, options: ReadOptions = {}): Promise<LabeledData> {
  if (!existsSync(path)) throw new AppError(ErrorCode.INVALID_INPUT, `Labeled data ${path} does not exist`);
  const split = tweetEvalSplit(path);
  const lines = split ? [] : (await readFile(path, 'utf8')).split(/\r?\n/);
  const records: LabeledRecord[] = [];
  let multiLabel = false;
  if (split) records.push(...(await readTweetEvalSplit(split, options)));
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    const record = path.endsWith('.jsonl') || path.endsWith('.json') ? fromJson(line, options, where) : fromTsv(line, options, where);
    multiLabel ||= record.multi;
    records.push({ text: record.text, labels: record.labels });
  });
  if (records.length === 0) throw new AppError(ErrorCode.INVALID_INPUT, `Labeled data ${path} holds no records`);
  return { records, multiLabel };
}

/** One sentiment-labeled text, for training a sentiment head. */
export interface LabeledText {
  text: string;
  label: Sentiment;
}

const SENTIMENT_RULE: LabelRule = { accepts: isSentiment, expected: 'negative/neutral/positive or 0/1/2' };

/** Reads sentiment training data: one label per record, a sentiment name or TweetEval's 0/1/2. */
export async function readLabeled(path: string): Promise<LabeledText[]> {
  const data = await readLabeledData(path, { map: TWEETEVAL_SENTIMENT_MAP, rule: SENTIMENT_RULE });
  if (data.multiLabel)
    throw new AppError(ErrorCode.INVALID_INPUT, `${path}: sentiment training data takes one "label" per record, not "labels"`);
  return data.records.map((r) => ({ text: r.text, label: r.labels[0] as Sentiment }));
}

function mapLabel(raw: unknown, options: ReadOptions, where: string): string {
  const value = String(raw ?? '').trim();
  if (!value) throw new AppError(ErrorCode.INVALID_INPUT, `${where}: empty label`);
  const map = options.map ?? {};
  const label = (map[value] ?? map[value.toLowerCase()] ?? value).toLowerCase();
  if (options.rule && !options.rule.accepts(label))
    throw new AppError(ErrorCode.INVALID_INPUT, `${where}: label "${String(raw)}" is not ${options.rule.expected}`);
  return label;
}

function fromJson(line: string, options: ReadOptions, where: string): LabeledRecord & { multi: boolean } {
  let row: { text?: unknown; label?: unknown; labels?: unknown };
  try {
    row = JSON.parse(line) as typeof row;
  } catch (cause) {
    throw new AppError(ErrorCode.INVALID_INPUT, `${where}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  if (typeof row.text !== 'string') throw new AppError(ErrorCode.INVALID_INPUT, `${where}: "text" must be a string`);
  if (Array.isArray(row.labels)) {
    if (row.labels.length === 0) throw new AppError(ErrorCode.INVALID_INPUT, `${where}: "labels" is empty`);
    return { text: row.text, labels: [...new Set(row.labels.map((l) => mapLabel(l, options, where)))], multi: true };
  }
  if (row.label === undefined) throw new AppError(ErrorCode.INVALID_INPUT, `${where}: needs "label" or "labels"`);
  return { text: row.text, labels: [mapLabel(row.label, options, where)], multi: false };
}

function fromTsv(line: string, options: ReadOptions, where: string): LabeledRecord & { multi: boolean } {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) throw new AppError(ErrorCode.INVALID_INPUT, `${where}: expected text<TAB>label`);
  return { text: line.slice(0, tab), labels: [mapLabel(line.slice(tab + 1), options, where)], multi: false };
}

interface Split {
  dir: string;
  name: string;
}

/** The TweetEval split a path names (a directory with one pair, or a split's text file), if any. */
function tweetEvalSplit(path: string): Split | undefined {
  if (statSync(path).isDirectory()) {
    const names = readdirSync(path)
      .flatMap((f) => SPLIT_TEXT.exec(f)?.[1] ?? [])
      .filter((s) => existsSync(join(path, `${s}_labels.txt`)))
      .sort();
    if (names.length === 0) throw new AppError(ErrorCode.INVALID_INPUT, `${path} holds no <split>_text.txt / <split>_labels.txt pair`);
    if (names.length > 1) {
      const pick = names.map((s) => join(path, `${s}_text.txt`)).join(' or ');
      throw new AppError(ErrorCode.INVALID_INPUT, `${path} holds the splits ${names.join(', ')}; name the one you mean: ${pick}`);
    }
    return { dir: path, name: names[0] };
  }
  const name = SPLIT_TEXT.exec(basename(path))?.[1];
  return name && existsSync(join(dirname(path), `${name}_labels.txt`)) ? { dir: dirname(path), name } : undefined;
}

async function readTweetEvalSplit({ dir, name }: Split, options: ReadOptions): Promise<LabeledRecord[]> {
  const texts = (await readFile(join(dir, `${name}_text.txt`), 'utf8')).split('\n');
  const labels = (await readFile(join(dir, `${name}_labels.txt`), 'utf8')).split('\n');
  const out: LabeledRecord[] = [];
  labels.forEach((l, i) => {
    if (l.trim())
      out.push({ text: (texts[i] ?? '').trim(), labels: [mapLabel(l, options, `${join(dir, `${name}_labels.txt`)}:${i + 1}`)] });
  });
  return out;
}
