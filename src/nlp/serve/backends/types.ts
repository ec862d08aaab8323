/**
 * The seams every inference backend fills. A backend is picked per task in config/models.json
 * (`local` in-process ONNX, or `hf` = the Hugging Face inference API / a custom endpoint).
 */

/** One label with its probability. */
export interface LabelScore {
  label: string;
  score: number;
}

/** Plain {label, score} copies, best first: the order every backend answers in. */
export function bestFirst(scores: readonly LabelScore[]): LabelScore[] {
  return scores.map(({ label, score }) => ({ label, score })).sort((a, b) => b.score - a.score);
}

/**
 * Text classification (e.g. a twitter-roberta sentiment model): for each text, every label the
 * model knows with its score, best first. Output length = input length, same order.
 */
export interface TextClassificationBackend {
  readonly name: string; // e.g. "local-pipeline:<model>" or "hf:<model>"
  classify(texts: readonly string[]): Promise<LabelScore[][]>;
  close(): Promise<void>;
}

/**
 * Zero-shot classification (an NLI model): for each text, every candidate label with its score,
 * best first. `multiLabel` scores each label independently (sigmoid of entailment vs contradiction)
 * instead of a softmax over the candidates.
 */
export interface ZeroShotBackend {
  readonly name: string;
  classify(
    texts: readonly string[],
    candidateLabels: readonly string[],
    options?: { multiLabel?: boolean; hypothesisTemplate?: string },
  ): Promise<LabelScore[][]>;
  close(): Promise<void>;
}
