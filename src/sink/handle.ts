import type { Pool } from 'mysql2/promise';
import type { ClassificationRecord } from '../classify/classification-record.ts';
import { AppError } from '../errors/app-error.ts';
import type { Decoded } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import type { DeadLetterWriter } from '../kafka/dead-letter.ts';
import type { Counter } from '../telemetry/metrics.ts';
import { dedupeByTweetId, toRow } from './rows.ts';
import { upsertRows } from './upsert.ts';

/**
 * The sink's micro-batch handler: upsert the whole batch in one transaction; if MySQL rejects
 * it for a reason retrying cannot fix, write rows one by one so only the bad row is
 * dead-lettered. Transient errors propagate to the consumer's retry loop.
 */
export function createSinkHandler(deps: {
  pool: Pool;
  table: string;
  deadLetters: DeadLetterWriter;
  rowsWritten: Counter;
}): (records: readonly Decoded<ClassificationRecord>[]) => Promise<void> {
  return async (records) => {
    const rows = records.map((r) => toRow(r.value, r.partition, r.message.offset));
    try {
      await upsertRows(deps.pool, deps.table, dedupeByTweetId(rows));
      deps.rowsWritten.inc({}, rows.length);
      return;
    } catch (error) {
      if (!(error instanceof AppError) || error.retriable) throw error;
    }
    for (const [i, row] of rows.entries()) {
      try {
        await upsertRows(deps.pool, deps.table, [row]);
        deps.rowsWritten.inc();
      } catch (error) {
        if (!(error instanceof AppError) || error.retriable) throw error;
        const r = records[i]!;
        await deps.deadLetters.send([toDeadLetter('sink', r, r.message, error)]);
      }
    }
  };
}
