import type { Pool } from 'mysql2/promise';
import type { ClassificationRecord } from '../classify/classification-record.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { isTransient } from '../errors/transient.ts';
import type { Chunk, Decoded } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import type { DeadLetter, DeadLetterWriter } from '../kafka/dead-letter.ts';
import type { Counter } from '../telemetry/metrics.ts';
import { dedupeByTweetId, recordProblem, toRow } from './rows.ts';
import { deleteRows, upsertRows } from './upsert.ts';
import { keysDeletedLast } from '../kafka/last-write.ts';
import { deletionsTable } from './migrations.ts';

/**
 * The sink's micro-batch handler: upsert the whole batch in one transaction; if MySQL rejects
 * it for a reason retrying cannot fix, write rows one by one so only the bad row is
 * dead-lettered. Transient errors propagate to the consumer's retry loop. Offsets are
 * committed by the consumer after this returns, i.e. after the database commit.
 */
export function createSinkHandler(deps: {
  pool: Pool;
  table: string;
  deadLetters: DeadLetterWriter;
  rowsWritten: Counter;
  rowsDeleted?: Counter;
}): (chunk: Chunk<ClassificationRecord>) => Promise<void> {
  return async ({ good, bad, tombstones }) => {
    // The last record of a key in the chunk wins: a post deleted after its result is not written.
    const deleted = keysDeletedLast(good.map((r) => ({ key: r.value.tweet_id, message: r.message })), tombstones);
    const refused: DeadLetter[] = [];
    const usable = good.filter((r) => {
      if (deleted.has(r.value.tweet_id)) return false;
      const problem = recordProblem(r.value);
      if (problem) refused.push(toDeadLetter('sink', r, r.message, new AppError(ErrorCode.INVALID_INPUT, problem)));
      return !problem;
    });
    const rejected = await upsertIsolating(usable, deps);
    if (deleted.size > 0) {
      await deleteRows(deps.pool, deps.table, deletionsTable(deps.table), [...deleted]);
      deps.rowsDeleted?.inc({}, deleted.size);
    }
    await deps.deadLetters.send([...bad, ...refused, ...rejected]);
  };
}

async function upsertIsolating(records: readonly Decoded<ClassificationRecord>[], deps: Parameters<typeof createSinkHandler>[0]): Promise<DeadLetter[]> {
  if (records.length === 0) return [];
  const rows = records.map((r) => toRow(r.value, r.partition, r.message.offset));
  try {
    await upsertRows(deps.pool, deps.table, dedupeByTweetId(rows));
    deps.rowsWritten.inc({}, rows.length);
    return [];
  } catch (error) {
    if (isTransient(error)) throw error;
  }
  const rejected: DeadLetter[] = [];
  for (const [i, row] of rows.entries()) {
    try {
      await upsertRows(deps.pool, deps.table, [row]);
      deps.rowsWritten.inc();
    } catch (error) {
      if (isTransient(error)) throw error;
      const r = records[i]!;
      rejected.push(toDeadLetter('sink', r, r.message, error));
    }
  }
  return rejected;
}
