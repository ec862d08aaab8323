import type { Pool } from 'mysql2/promise';
import type { ClassificationRecord } from '../classify/classification-record.ts';
import { isTransient } from '../errors/transient.ts';
import type { Window } from '../kafka/batch-consumer.ts';
import { toDeadLetter } from '../kafka/batch-consumer.ts';
import type { DeadLetter, DeadLetterWriter } from '../kafka/dead-letter.ts';
import type { Counter } from '../telemetry/metrics.ts';
import { dedupeByTweetId, toRow, type ClassificationRow } from './rows.ts';
import { upsertRows } from './upsert.ts';

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
}

export interface PreparedRows {
  /** Row i belongs to window record i. */
  readonly rows: readonly ClassificationRow[];
  readonly unique: readonly ClassificationRow[];
}

export function createSinkStage(deps: SinkDeps): {
  prepare(window: Window<ClassificationRecord>): Promise<PreparedRows>;
  commit(window: Window<ClassificationRecord>, prepared: PreparedRows): Promise<void>;
} {
  return {
    async prepare({ good }) {
      const rows = good.map((r) => toRow(r.value, r.partition, r.message.offset));
      return { rows, unique: dedupeByTweetId(rows) };
    },
    async commit(window, prepared) {
      const rejected = await upsertIsolating(window, prepared, deps);
      await deps.deadLetters.send([...window.bad, ...rejected]);
    },
  };
}

async function upsertIsolating(window: Window<ClassificationRecord>, prepared: PreparedRows, deps: SinkDeps): Promise<DeadLetter[]> {
  if (prepared.rows.length === 0) return [];
  try {
    await upsertRows(deps.pool, deps.table, prepared.unique);
    deps.rowsWritten.inc({}, prepared.rows.length);
    return [];
  } catch (error) {
    if (isTransient(error)) throw error;
  }
  const rejected: DeadLetter[] = [];
  for (const [i, row] of prepared.rows.entries()) {
    try {
      await upsertRows(deps.pool, deps.table, [row]);
      deps.rowsWritten.inc();
    } catch (error) {
      if (isTransient(error)) throw error;
      const r = window.good[i]!;
      rejected.push(toDeadLetter('sink', r, r.message, error));
    }
  }
  return rejected;
}
