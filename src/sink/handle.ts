import type { Pool } from 'mysql2/promise';
import type { ClassificationRecord } from '../contracts/classification-record.ts';
import type { ClassificationRow } from '../db/classification-row.ts';
import { deletionsTable } from '../db/table.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { isolatePoison } from '../errors/isolate.ts';
import type { Decoded, Window } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import type { DeadLetter, DeadLetterWriter } from '../kafka/dead-letter.ts';
import { keysDeletedLast } from '../kafka/last-write.ts';
import type { Counter } from '../telemetry/metrics.ts';
import { dedupeByTweetId, recordProblem, toRow } from './rows.ts';
import { deleteRows, upsertRows, writeWindow } from './upsert.ts';

/**
 * The sink's window stage. prepare: rows for the whole window (replays of one post collapse to
 * the newest). commit: upsert them in ONE database transaction; if MySQL rejects it for a reason
 * retrying cannot fix, write rows one by one so only the bad row is dead-lettered. Transient
 * errors propagate to the consumer's retry loop. Offsets are committed by the consumer after
 * this returns, i.e. after the database commit.
 */
export interface SinkDeps {
  readonly pool: Pool;
  readonly table: string;
  readonly deadLetters: DeadLetterWriter;
  readonly rowsWritten: Counter;
  readonly rowsDeleted?: Counter;
}

export interface PreparedRows {
  /** The window's records still written after last-write per key; row i belongs to record i. */
  readonly records: readonly Decoded<ClassificationRecord>[];
  readonly rows: readonly ClassificationRow[];
  readonly unique: readonly ClassificationRow[];
  /** Keys whose last record in the window is a tombstone: deleted, not written. */
  readonly deleted: readonly string[];
  /** Records the sink's input limits refuse (rows.ts recordProblem): dead-lettered, not written. */
  readonly refused: readonly DeadLetter[];
}

export function createSinkStage(deps: SinkDeps): {
  prepare(window: Window<ClassificationRecord>): Promise<PreparedRows>;
  commit(window: Window<ClassificationRecord>, prepared: PreparedRows): Promise<void>;
} {
  return {
    async prepare({ good, tombstones }) {
      // The last record of a key in the window wins: a post deleted after its result is not written.
      const deleted = keysDeletedLast(
        good.map((r) => ({ key: r.value.tweet_id, message: r.message })),
        tombstones,
      );
      const refused: DeadLetter[] = [];
      const records = good.filter((r) => {
        if (deleted.has(r.value.tweet_id)) return false;
        const problem = recordProblem(r.value);
        if (problem) refused.push(toDeadLetter('sink', r, r.message, new AppError(ErrorCode.INVALID_INPUT, problem)));
        return !problem;
      });
      const rows = records.map((r) => toRow(r.value, r.partition, r.message.offset));
      return { records, rows, unique: dedupeByTweetId(rows), deleted: [...deleted], refused };
    },
    async commit(window, prepared) {
      const rejected = await writeIsolating(prepared, deps);
      await deps.deadLetters.send([...window.bad, ...prepared.refused, ...rejected]);
    },
  };
}

/** The window in one transaction; if MySQL rejects it for good, rows one by one, then the deletes. */
async function writeIsolating(prepared: PreparedRows, deps: SinkDeps): Promise<DeadLetter[]> {
  const { rows, unique, deleted, records } = prepared;
  if (rows.length === 0 && deleted.length === 0) return [];
  const outcomes = await isolatePoison(
    rows,
    () => writeWindow(deps.pool, deps.table, deletionsTable(deps.table), unique, deleted),
    (row) => upsertRows(deps.pool, deps.table, [row]),
  );
  if (outcomes === null) {
    deps.rowsWritten.inc({}, rows.length);
    if (deleted.length > 0) deps.rowsDeleted?.inc({}, deleted.length);
    return [];
  }
  const rejected: DeadLetter[] = [];
  for (const [i, outcome] of outcomes.entries()) {
    if (!(outcome instanceof Error)) {
      deps.rowsWritten.inc();
      continue;
    }
    const r = records[i]!;
    rejected.push(toDeadLetter('sink', r, r.message, outcome));
  }
  if (deleted.length > 0) {
    await deleteRows(deps.pool, deps.table, deletionsTable(deps.table), deleted);
    deps.rowsDeleted?.inc({}, deleted.length);
  }
  return rejected;
}
