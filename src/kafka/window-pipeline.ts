/**
 * Windows across partitions, two stages deep. Every partition batch of a fetch is handed in as a
 * ticket; the pipeline cuts windows from the queued records (FIFO, at most `size` records), and
 * runs each window through the stage in two steps: `prepare` (CPU: the model, row building) and
 * `commit` (I/O: one transaction carrying the window's outputs and the offsets of every partition
 * in it). While window k commits, window k+1 is prepared; window k+1 commits only after k did,
 * so a partition's offsets always advance in order and only with the outputs they cover.
 *
 * A failed commit fails every ticket that has records queued or in flight: their partitions'
 * offsets stay where the last successful commit put them, and the consumer replays from there.
 * Nothing here knows kafkajs, the model or MySQL; see batch-consumer.ts for the kafkajs side.
 */
import type { KafkaMessage } from 'kafkajs';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import type { DeadLetter } from './dead-letter.ts';

export interface Decoded<T> {
  readonly value: T;
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
}

/** A record with a null value: the post under `key` was deleted (Kafka's tombstone convention). */
export interface Tombstone {
  readonly key: string;
  readonly message: KafkaMessage;
  readonly topic: string;
  readonly partition: number;
}

/**
 * One consumed record as the pipeline carries it. New kinds are one more variant here and in
 * `toWindow`. `next`: the offset to commit once this record is done, when it
 * is not offset + 1 (the last record of a batch followed by transaction markers, which a
 * consumer never sees but must commit past, or its lag never reaches 0).
 */
export type Entry<T> = { readonly next?: string } & (
  | { readonly kind: 'decoded'; readonly record: Decoded<T> }
  | { readonly kind: 'tombstone'; readonly tombstone: Tombstone }
  | {
      readonly kind: 'undecodable';
      readonly letter: DeadLetter;
      readonly topic: string;
      readonly partition: number;
      readonly message: KafkaMessage;
    }
);

export interface PartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to consume: what a commit stores. */
  readonly offset: string;
}

export interface Window<T> {
  /** Decoded records in consumption order (per partition: offset order). */
  readonly good: readonly Decoded<T>[];
  readonly bad: readonly DeadLetter[];
  /**
   * Deletes in consumption order. `good` and `tombstones` together are the window's records; a
   * key lives on one partition, so offsets order a key's writes and deletes (last-write.ts).
   */
  readonly tombstones: readonly Tombstone[];
  /** One per partition that has records in the window. */
  readonly offsets: readonly PartitionOffset[];
  readonly size: number;
}

export interface WindowStage<T, P> {
  prepare(window: Window<T>): Promise<P>;
  /** Makes the window's outputs and offsets durable, all or nothing. */
  commit(window: Window<T>, prepared: P): Promise<void>;
}

export interface WindowOptions {
  /** Max records per window (one transaction). */
  readonly size: number;
  /** Max time the oldest queued record waits for the window to fill. */
  readonly waitMs: number;
}

const positionOf = <T>(e: Entry<T>) => (e.kind === 'decoded' ? e.record : e.kind === 'tombstone' ? e.tombstone : e);

/** Pure: a window from entries in consumption order. */
export function toWindow<T>(entries: readonly Entry<T>[]): Window<T> {
  const good: Decoded<T>[] = [];
  const bad: DeadLetter[] = [];
  const tombstones: Tombstone[] = [];
  const next = new Map<string, PartitionOffset>();
  for (const entry of entries) {
    if (entry.kind === 'decoded') good.push(entry.record);
    else if (entry.kind === 'tombstone') tombstones.push(entry.tombstone);
    else bad.push(entry.letter);
    const { topic, partition, message } = positionOf(entry);
    const offset = entry.next ?? (BigInt(message.offset) + 1n).toString();
    const key = `${topic}\u0000${partition}`;
    const seen = next.get(key);
    if (!seen || BigInt(offset) > BigInt(seen.offset)) next.set(key, { topic, partition, offset });
  }
  return { good, bad, tombstones, offsets: [...next.values()], size: entries.length };
}

/**
 * Pure: whether to cut a window now. Full; or its oldest record waited long enough; or every
 * batch handed in is queued, so nothing more can arrive before these are done (kafkajs fetches
 * again only after every batch of a fetch is handled).
 */
export function windowReady(state: { queued: number; arriving: number; oldestAgeMs: number }, options: WindowOptions): boolean {
  if (state.queued === 0) return false;
  return state.queued >= options.size || state.oldestAgeMs >= options.waitMs || state.arriving === 0;
}

export interface Ticket {
  /** Resolves when every record of the ticket is committed; rejects if a window holding one failed. */
  readonly done: Promise<void>;
  /**
   * Drops the records not yet taken into a window (the partition is being revoked, or the stage
   * stops) and resolves, once the taken ones are settled, with the offset of the last committed
   * record, or undefined when none was.
   */
  withdraw(): Promise<string | undefined>;
}

interface TicketState<T> {
  entries: Entry<T>[];
  taken: number;
  inFlight: number;
  committedThrough?: string;
  queuedAt: number;
  settled: boolean;
  resolve(): void;
  reject(error: unknown): void;
  onIdle?: () => void;
}

export interface WindowPipeline<T> {
  /** Hands in one partition batch; `entries` may still be decoding. */
  submit(entries: Promise<Entry<T>[]>): Ticket;
}

export function createWindowPipeline<T, P>(
  stage: WindowStage<T, P>,
  options: WindowOptions,
  onWindow?: (window: Window<T>, timing: { prepareMs: number; commitMs: number }) => void,
): WindowPipeline<T> {
  const queue: TicketState<T>[] = [];
  let arriving = 0;
  let epoch = 0;
  let inFlight: Promise<void> = Promise.resolve();
  let wake: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let running = false;

  const queued = () => queue.reduce((n, t) => n + t.entries.length - t.taken, 0);
  const oldestAgeMs = () => (queue.length > 0 ? Date.now() - queue[0]!.queuedAt : 0);
  const poke = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const take = (): { entries: Entry<T>[]; parts: Array<[TicketState<T>, number, string]> } => {
    const entries: Entry<T>[] = [];
    const parts: Array<[TicketState<T>, number, string]> = [];
    while (entries.length < options.size && queue.length > 0) {
      const t = queue[0]!;
      const n = Math.min(options.size - entries.length, t.entries.length - t.taken);
      const slice = t.entries.slice(t.taken, t.taken + n);
      entries.push(...slice);
      t.taken += n;
      t.inFlight += n;
      parts.push([t, n, positionOf(slice[slice.length - 1]!).message.offset]);
      if (t.taken === t.entries.length) queue.shift();
    }
    return { entries, parts };
  };

  const settle = (t: TicketState<T>) => {
    if (t.settled || t.inFlight > 0) return;
    if (t.taken === t.entries.length) {
      t.settled = true;
      t.resolve();
    }
    t.onIdle?.();
  };

  const fail = (tickets: Iterable<TicketState<T>>, error: unknown) => {
    for (const t of tickets) {
      if (t.settled) continue;
      t.settled = true;
      t.inFlight = 0;
      t.reject(error);
      t.onIdle?.();
    }
  };

  /** A failed window fails everything behind it too: their offsets must not pass the failed ones. */
  const failAll = (window: Iterable<TicketState<T>>, error: unknown) => {
    epoch++;
    const pending = [...window, ...queue];
    queue.length = 0;
    fail(pending, error);
  };

  const nextWindow = async (): Promise<ReturnType<typeof take>> => {
    for (;;) {
      const state = { queued: queued(), arriving, oldestAgeMs: oldestAgeMs() };
      if (windowReady(state, options)) {
        // Batches of one fetch reach eachBatch a few ticks apart: let the others enqueue first.
        if (state.queued < options.size && state.oldestAgeMs < options.waitMs) await new Promise((r) => setImmediate(r));
        if (windowReady({ queued: queued(), arriving, oldestAgeMs: oldestAgeMs() }, options)) return take();
        continue;
      }
      await new Promise<void>((resolve) => {
        wake = resolve;
        if (state.queued > 0) timer = setTimeout(poke, Math.max(1, options.waitMs - state.oldestAgeMs));
      });
      clearTimeout(timer);
    }
  };

  const loop = async () => {
    for (;;) {
      const { entries, parts } = await nextWindow();
      if (entries.length === 0) continue;
      const tickets = new Set(parts.map(([t]) => t));
      const window = toWindow(entries);
      const at = epoch;
      const started = performance.now();
      let prepared: P;
      try {
        prepared = await stage.prepare(window);
      } catch (error) {
        await inFlight;
        failAll(tickets, error);
        continue;
      }
      const prepareMs = performance.now() - started;
      await inFlight;
      if (epoch !== at) {
        fail(
          tickets,
          new AppError(ErrorCode.INTERNAL, 'an earlier window failed to commit; this one is dropped and will be consumed again'),
        );
        continue;
      }
      inFlight = (async () => {
        const committing = performance.now();
        try {
          await stage.commit(window, prepared);
        } catch (error) {
          failAll(tickets, error);
          return;
        }
        for (const [t, n, last] of parts) {
          t.inFlight -= n;
          t.committedThrough = last;
        }
        onWindow?.(window, { prepareMs, commitMs: performance.now() - committing });
        for (const t of tickets) settle(t);
      })();
    }
  };

  return {
    submit(pending) {
      let resolve!: () => void;
      let reject!: (error: unknown) => void;
      const done = new Promise<void>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      done.catch(() => undefined);
      const t: TicketState<T> = { entries: [], taken: 0, inFlight: 0, queuedAt: 0, settled: false, resolve, reject };
      if (!running) {
        running = true;
        void loop();
      }
      arriving++;
      void pending.then(
        (entries) => {
          arriving--;
          t.entries = entries;
          if (t.settled) return;
          if (entries.length === 0) {
            settle(t);
            return poke();
          }
          t.queuedAt = Date.now();
          queue.push(t);
          poke();
        },
        (error) => {
          arriving--;
          fail([t], error);
          poke();
        },
      );
      return {
        done,
        async withdraw() {
          await pending.catch(() => undefined);
          const at = queue.indexOf(t);
          if (at >= 0) queue.splice(at, 1);
          t.entries = t.entries.slice(0, t.taken);
          if (t.inFlight > 0 && !t.settled) await new Promise<void>((r) => (t.onIdle = r));
          t.onIdle = undefined;
          if (!t.settled) {
            t.settled = true;
            t.resolve();
          }
          return t.committedThrough;
        },
      };
    },
  };
}
