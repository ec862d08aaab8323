import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../errors/app-error.ts';

/** One labeled record for `eval`: single-label files give one label, `{labels:[...]}` several. */
export interface EvalRecord { text: string; labels: string[] }
export interface EvalData { records: EvalRecord[]; multiLabel: boolean }
export type LabelMap = Readonly<Record<string, string>>;

/** TweetEval's mapping.txt (0 negative, 1 neutral, 2 positive). */
export const TWEETEVAL_SENTIMENT_MAP: LabelMap = { '0': 'negative', '1': 'neutral', '2': 'positive' };

/** `--label-map "0=negative,1=neutral,2=positive"` or a JSON file holding such an object. */
export async function parseLabelMap(spec: string): Promise<LabelMap> {
  if (existsSync(spec) && statSync(spec).isFile()) {
    const json = JSON.parse(await readFile(spec, 'utf8')) as unknown;
    if (!json || typeof json !== 'object' || Array.isArray(json) || Object.values(json).some((v) => typeof v !== 'string')) {
      throw new AppError('INVALID_INPUT', `Label map ${spec} must be a JSON object of strings, e.g. {"0":"negative","1":"neutral"}`);
    }
    return json as LabelMap;
  }
  const map: Record<string, string> = {};
  for (const pair of spec.split(',').filter((p) => p.trim())) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new AppError('INVALID_INPUT', `Label map entry "${pair}" is not FROM=TO; example: --label-map "0=negative,1=neutral,2=positive"`);
    map[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  return map;
}

function mapLabel(raw: unknown, map: LabelMap, where: string): string {
  const value = String(raw ?? '').trim();
  if (!value) throw new AppError('INVALID_INPUT', `${where}: empty label`);
  return (map[value] ?? map[value.toLowerCase()] ?? value).toLowerCase();
}

/** Reads JSONL ({text,label} or {text,labels:[...]}), TSV (text<TAB>label) or a TweetEval-style dir. */
export async function readEvalData(path: string, map: LabelMap = {}): Promise<EvalData> {
  if (!existsSync(path)) throw new AppError('INVALID_INPUT', `Labeled file ${path} does not exist`);
  if (statSync(path).isDirectory()) return { records: await readTweetEvalDir(path, map), multiLabel: false };
  const lines = (await readFile(path, 'utf8')).split(/\r?\n/);
  const records: EvalRecord[] = [];
  let multiLabel = false;
  lines.forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${path}:${i + 1}`;
    const record = path.endsWith('.jsonl') || path.endsWith('.json') ? fromJson(line, map, where) : fromTsv(line, map, where);
    multiLabel ||= record.multi;
    records.push({ text: record.text, labels: record.labels });
  });
  if (records.length === 0) throw new AppError('INVALID_INPUT', `Labeled file ${path} holds no records`);
  return { records, multiLabel };
}

function fromJson(line: string, map: LabelMap, where: string): EvalRecord & { multi: boolean } {
  let row: { text?: unknown; label?: unknown; labels?: unknown };
  try {
    row = JSON.parse(line) as typeof row;
  } catch (cause) {
    throw new AppError('INVALID_INPUT', `${where}: not valid JSON (${(cause as Error).message})`, { cause });
  }
  if (typeof row.text !== 'string') throw new AppError('INVALID_INPUT', `${where}: "text" must be a string`);
  if (Array.isArray(row.labels)) {
    if (row.labels.length === 0) throw new AppError('INVALID_INPUT', `${where}: "labels" is empty`);
    return { text: row.text, labels: [...new Set(row.labels.map((l) => mapLabel(l, map, where)))], multi: true };
  }
  if (row.label === undefined) throw new AppError('INVALID_INPUT', `${where}: needs "label" or "labels"`);
  return { text: row.text, labels: [mapLabel(row.label, map, where)], multi: false };
}

function fromTsv(line: string, map: LabelMap, where: string): EvalRecord & { multi: boolean } {
  const tab = line.lastIndexOf('\t');
  if (tab < 0) throw new AppError('INVALID_INPUT', `${where}: expected text<TAB>label`);
  return { text: line.slice(0, tab), labels: [mapLabel(line.slice(tab + 1), map, where)], multi: false };
}

async function readTweetEvalDir(dir: string, map: LabelMap): Promise<EvalRecord[]> {
  const split = ['test', 'val', 'train'].find((s) => existsSync(join(dir, `${s}_text.txt`)));
  if (!split) throw new AppError('INVALID_INPUT', `${dir} holds no <split>_text.txt / <split>_labels.txt pair`);
  const texts = (await readFile(join(dir, `${split}_text.txt`), 'utf8')).split('\n');
  const labels = (await readFile(join(dir, `${split}_labels.txt`), 'utf8')).split('\n');
  const out: EvalRecord[] = [];
  labels.forEach((l, i) => {
    if (l.trim()) out.push({ text: (texts[i] ?? '').trim(), labels: [mapLabel(l, map, `${dir}/${split}_labels.txt:${i + 1}`)] });
  });
  return out;
}
