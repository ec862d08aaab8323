import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PreTrainedModel, PreTrainedTokenizer, Tensor } from '@huggingface/transformers';
import { AutoModelForSequenceClassification, AutoTokenizer, env, softmax, TextClassificationPipeline } from '@huggingface/transformers';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../../errors/app-error.ts';
import { sessionOptions } from '../session-options.ts';
import {
  type LocalPipelineOptions,
  localPipelineOptionsSchema,
  MODEL_FILE_BY_DTYPE,
  type PipelineDtype,
} from './local-pipeline-options.ts';
import { bestFirst, type LabelScore, type TextClassificationBackend, type ZeroShotBackend } from './types.ts';

/**
 * In-process ONNX models through @huggingface/transformers: any sequence-classification export
 * (a twitter-roberta sentiment model, an NLI model for zero-shot), from a local directory or, when
 * `allowRemote` is on, a hub id.
 *
 * Local directories are always handed to transformers.js as absolute paths: it joins a *relative*
 * path that looks like a hub id ("models/x") onto the global `env.localModelPath`, which
 * src/nlp/serve/encoder.ts points at models/, whereas an absolute path is read as is. So this module never
 * reads or writes `env.localModelPath`, and loading from any directory leaves the encoder alone.
 */

export { type LocalPipelineOptions, localPipelineOptionsSchema, type PipelineDtype } from './local-pipeline-options.ts';

type ParsedOptions = z.output<typeof localPipelineOptionsSchema>;

const REQUIRED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json'] as const;

export async function loadLocalTextClassification(options: LocalPipelineOptions): Promise<TextClassificationBackend> {
  const parsed = parseOptions(options);
  const { tokenizer, model } = await loadModel(parsed, 'text-classification');
  const pipe = new TextClassificationPipeline({ task: 'text-classification', model, tokenizer });
  return {
    name: `local-pipeline:${parsed.model}`,
    async classify(texts) {
      const out: LabelScore[][] = [];
      for (const chunk of chunks(texts, parsed.batchSize)) {
        // top_k null: every label, best first (softmax, or sigmoid for multi_label_classification models).
        const rows = await pipe(chunk, { top_k: null });
        for (const row of rows) out.push(row.map(({ label, score }) => ({ label: String(label), score })));
      }
      return out;
    },
    async close() {
      await pipe.dispose();
    },
  };
}

export async function loadLocalZeroShot(options: LocalPipelineOptions): Promise<ZeroShotBackend> {
  const parsed = parseOptions(options);
  const { tokenizer, model } = await loadModel(parsed, 'zero-shot-classification');
  const ids = nliLabelIds(model, parsed.model);
  return {
    name: `local-pipeline:${parsed.model}`,
    async classify(texts, candidateLabels, { multiLabel = false, hypothesisTemplate = 'This example is {}.' } = {}) {
      if (texts.length === 0) return [];
      checkZeroShotArgs(candidateLabels, hypothesisTemplate);
      const hypotheses = candidateLabels.map((label) => hypothesisTemplate.replace('{}', label));
      const logits = await pairLogits(tokenizer, model, texts, hypotheses, parsed.batchSize);
      return texts.map((_, t) => {
        const rows = logits.slice(t * hypotheses.length, (t + 1) * hypotheses.length);
        return rankLabels(candidateLabels, scoreHypotheses(rows, ids, multiLabel || candidateLabels.length === 1));
      });
    },
    async close() {
      await model.dispose();
    },
  };
}

function parseOptions(options: LocalPipelineOptions): ParsedOptions {
  const parsed = localPipelineOptionsSchema.safeParse(options);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
  throw new AppError(
    ErrorCode.CONFIG,
    `Invalid local pipeline options:\n${problems}\nExample: { "model": "models/twitter-roberta-sentiment", "dtype": "q8" }`,
    { context: { issues: parsed.error.issues } },
  );
}

type Task = 'text-classification' | 'zero-shot-classification';

async function loadModel(options: ParsedOptions, task: Task): Promise<{ tokenizer: PreTrainedTokenizer; model: PreTrainedModel }> {
  const source = resolveSource(options, task);
  const pretrained = {
    local_files_only: source.local,
    dtype: options.dtype,
    session_options: sessionOptions(options.threads),
  };
  const load = () =>
    Promise.all([
      AutoTokenizer.from_pretrained(source.path, { local_files_only: source.local }),
      AutoModelForSequenceClassification.from_pretrained(source.path, pretrained),
    ]);
  try {
    const [tokenizer, model] = source.local ? await load() : await withRemoteModels(load);
    return { tokenizer, model };
  } catch (cause) {
    const where = source.local ? `directory ${source.path}` : `hub id ${source.path}`;
    throw new AppError(
      ErrorCode.MODEL,
      `Cannot load ${task} model from ${where}: ${(cause as Error).message}. ${howToGetModel(options.dtype)}`,
      { cause, context: { model: options.model, task } },
    );
  }
}

/** An existing directory wins; otherwise a hub id when allowed; otherwise the missing-files error. */
function resolveSource(options: ParsedOptions, task: Task): { path: string; local: boolean } {
  const dir = resolve(options.model);
  if (isDirectory(dir)) {
    const missing = [...REQUIRED_FILES, `onnx/${MODEL_FILE_BY_DTYPE[options.dtype]}`].filter((f) => !existsSync(join(dir, f)));
    if (missing.length === 0) return { path: dir, local: true };
    throw new AppError(ErrorCode.MODEL, `Model directory ${dir} for ${task} lacks ${missing.join(', ')}. ${howToGetModel(options.dtype)}`, {
      context: { model: options.model, task, missing },
    });
  }
  if (options.allowRemote && looksLikeHubId(options.model)) return { path: options.model, local: false };
  const why = options.allowRemote
    ? 'is not a directory nor a hub id (owner/name)'
    : 'is not a directory, and downloads are off (allowRemote: false)';
  throw new AppError(ErrorCode.MODEL, `Model ${options.model} for ${task} (resolved to ${dir}) ${why}. ${howToGetModel(options.dtype)}`, {
    context: { model: options.model, task },
  });
}

function howToGetModel(dtype: PipelineDtype): string {
  return (
    `A model directory needs ${REQUIRED_FILES.join(', ')} and onnx/${MODEL_FILE_BY_DTYPE[dtype]} (dtype ${dtype}). ` +
    'Export one with `optimum-cli export onnx --model <hub id> --task text-classification DIR`, ' +
    'or download a ready ONNX repo, e.g. `hf download Xenova/<model> --local-dir DIR`; ' +
    'or set allowRemote: true and give the hub id to download it on first use.'
  );
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** The hub's repo id shape ([owner/]name), minus anything that reads as a path. */
function looksLikeHubId(model: string): boolean {
  return /^([\w.-]+\/)?[\w.-]{1,96}$/.test(model) && !model.startsWith('.') && !model.includes('..') && !model.includes('--');
}

/**
 * transformers.js only downloads while the global `env.allowRemoteModels` is on, and the encoder
 * turns it off; flip it for this load only. Loading an encoder concurrently can turn it back off
 * mid-download (the load then fails with a clear error), so load remote models before or after.
 */
async function withRemoteModels<T>(load: () => Promise<T>): Promise<T> {
  const previous = env.allowRemoteModels;
  env.allowRemoteModels = true;
  try {
    return await load();
  } finally {
    env.allowRemoteModels = previous;
  }
}

interface NliIds {
  entailment: number;
  contradiction: number;
}

/** Same lookup as transformers.js' ZeroShotClassificationPipeline, but a model without the labels is an error, not a guess. */
function nliLabelIds(model: PreTrainedModel, name: string): NliIds {
  const label2id = (model.config as { label2id?: Record<string, number> }).label2id ?? {};
  const lower = new Map(Object.entries(label2id).map(([k, v]) => [k.toLowerCase(), Number(v)]));
  const entailment = lower.get('entailment');
  const contradiction = lower.get('contradiction') ?? lower.get('not_entailment');
  if (entailment === undefined || contradiction === undefined) {
    throw new AppError(
      ErrorCode.MODEL,
      `Model ${name} is not an NLI model: its config.json label2id (${Object.keys(label2id).join(', ') || 'empty'}) lacks "entailment" and "contradiction"/"not_entailment". Zero-shot needs an NLI model such as an MNLI/XNLI fine-tune.`,
      { context: { model: name } },
    );
  }
  return { entailment, contradiction };
}

function checkZeroShotArgs(candidateLabels: readonly string[], template: string): void {
  if (candidateLabels.length === 0)
    throw new AppError(ErrorCode.INVALID_INPUT, 'Zero-shot classification needs at least one candidate label.');
  if (!template.includes('{}')) {
    throw new AppError(ErrorCode.INVALID_INPUT, `Hypothesis template "${template}" has no {} for the label; e.g. "This example is {}."`);
  }
}

/**
 * Logits for every (text, hypothesis) pair, text-major, `batchSize` pairs per forward pass.
 * transformers.js' own zero-shot pipeline runs one pair per forward; batching gives the same scores
 * (the test checks parity) at a fraction of the calls.
 */
async function pairLogits(
  tokenizer: PreTrainedTokenizer,
  model: PreTrainedModel,
  texts: readonly string[],
  hypotheses: readonly string[],
  batchSize: number,
): Promise<Float32Array[]> {
  const premises = texts.flatMap((text) => hypotheses.map(() => text));
  const pairs = texts.flatMap(() => hypotheses);
  const rows: Float32Array[] = [];
  for (let at = 0; at < premises.length; at += batchSize) {
    const inputs = tokenizer(premises.slice(at, at + batchSize), {
      text_pair: pairs.slice(at, at + batchSize),
      padding: true,
      truncation: true,
    });
    const { logits } = (await model(inputs)) as { logits: Tensor };
    const [n, width] = logits.dims as [number, number];
    const data = logits.to('float32').data as Float32Array;
    for (let i = 0; i < n; i++) rows.push(data.slice(i * width, (i + 1) * width));
  }
  return rows;
}

/** Single label: softmax of the entailment logits over the candidates. Multi-label: per candidate, softmax of [contradiction, entailment]. */
function scoreHypotheses(rows: Float32Array[], ids: NliIds, each: boolean): number[] {
  if (each) return rows.map((r) => softmax([r[ids.contradiction], r[ids.entailment]])[1]);
  return softmax(rows.map((r) => r[ids.entailment]));
}

function rankLabels(labels: readonly string[], scores: number[]): LabelScore[] {
  return bestFirst(labels.map((label, i) => ({ label, score: scores[i] })));
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}
