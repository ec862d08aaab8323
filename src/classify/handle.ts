import type { Message } from 'kafkajs';
import type { ClassificationRecord } from '../contracts/classification-record.ts';
import type { TimeRule } from '../contracts/limits.ts';
import type { PostRecord } from '../contracts/post-record.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { Window } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import { type DeadLetter, deadLetterMessage } from '../kafka/dead-letter.ts';
import { keysDeletedLast } from '../kafka/last-write.ts';
import type { TransactionalWriter } from '../kafka/transactional-writer.ts';
import type { TextClassifier } from '../nlp/serve/classifier.ts';
import type { Serializer } from '../schemas/serde.ts';
import type { Counter, Histogram } from '../telemetry/metrics.ts';
import { classifyWindow } from './classify-batch.ts';
import type { TokenBatchOptions } from './token-batches.ts';
import { postProblem } from './validate-post.ts';

/**
 * The classifier's window stage. prepare: validate, score the window in token-budgeted model
 * calls, encode results and dead letters. commit: ONE Kafka transaction with the results keyed
 * by post id, the dead letters and the next offset of every input partition in the window, so
 * each input yields exactly one committed result even across crashes. A post the model fails on
 * alone is dead-lettered instead of blocking its partition.
 */
export interface ClassifyDeps {
  readonly classifier: TextClassifier;
  readonly writer: TransactionalWriter;
  readonly outputTopic: string;
  readonly dlqTopic: string;
  readonly serializer: Serializer<ClassificationRecord>;
  readonly batching: TokenBatchOptions;
  readonly metrics: { classified: Counter; deadLetters: Counter; modelLatency: Histogram; batchSize: Histogram; deleted?: Counter };
  /** Languages the models cover (primary subtags); null = all. */
  readonly languages?: readonly string[] | null;
  /** Plausible post times (src/contracts/limits.ts defaults when absent). */
  readonly timeRule?: TimeRule;
}

export interface PreparedWindow {
  readonly outputs: Array<{ topic: string; messages: Message[] }>;
  readonly classified: number;
  readonly deleted: number;
  readonly letters: readonly DeadLetter[];
}

export function createClassifyStage(deps: ClassifyDeps): {
  prepare(window: Window<PostRecord>): Promise<PreparedWindow>;
  commit(window: Window<PostRecord>, prepared: PreparedWindow): Promise<void>;
} {
  return {
    async prepare({ good, bad, tombstones }) {
      const letters: DeadLetter[] = [...bad];
      // The last record of a key in the window wins: a post deleted later in the window is not
      // classified, its tombstone is forwarded instead (a key lives on one partition, so offsets order it).
      const deleted = keysDeletedLast(
        good.map((r) => ({ key: r.value.id, message: r.message })),
        tombstones,
      );
      const usable = good.filter((r) => {
        if (deleted.has(r.value.id)) return false;
        const problem = postProblem(r.value, deps.timeRule);
        if (problem) letters.push(toDeadLetter('classify', r, r.message, new AppError(ErrorCode.INVALID_INPUT, problem)));
        return !problem;
      });
      const { results, modelMs, calls } = await classifyWindow(
        usable.map((r) => r.value),
        deps.classifier,
        deps.batching,
        Date.now,
        deps.languages ?? null,
      );
      if (calls > 0) {
        deps.metrics.modelLatency.observe(modelMs / calls);
        deps.metrics.batchSize.observe(usable.length / calls);
      }
      const messages: Message[] = [];
      for (const [i, result] of results.entries()) {
        if (result instanceof Error) {
          const r = usable[i]!;
          letters.push(
            toDeadLetter(
              'classify',
              r,
              r.message,
              new AppError(ErrorCode.MODEL, `Model failed on this post: ${result.message}`, { cause: result }),
            ),
          );
        } else messages.push({ key: result.tweet_id, value: await deps.serializer.encode(result) });
      }
      const outputs: Array<{ topic: string; messages: Message[] }> = [];
      if (messages.length > 0) outputs.push({ topic: deps.outputTopic, messages });
      if (deleted.size > 0) outputs.push({ topic: deps.outputTopic, messages: [...deleted].map((key) => ({ key, value: null })) });
      if (letters.length > 0) outputs.push({ topic: deps.dlqTopic, messages: letters.map((l) => deadLetterMessage(l)) });
      return { outputs, classified: messages.length, deleted: deleted.size, letters };
    },
    async commit(window, prepared) {
      await deps.writer.writeAtomically(prepared.outputs, window.offsets);
      deps.metrics.classified.inc({}, prepared.classified);
      if (prepared.deleted > 0) deps.metrics.deleted?.inc({}, prepared.deleted);
      for (const l of prepared.letters) deps.metrics.deadLetters.inc({ stage: l.stage, error: l.errorClass });
    },
  };
}
