/**
 * A local stand-in for Bluesky's Jetstream (https://github.com/bluesky-social/jetstream), which
 * tests cannot reach: `GET /subscribe` upgraded to a WebSocket, with the documented query
 * parameters `wantedCollections` (repeatable, `prefix.*` allowed), `wantedDids` (repeatable) and
 * `cursor` (unix microseconds: replay every event from that time on, then go live). Frames are
 * JSON events `{did, time_us, kind, commit: {rev, operation, collection, rkey, cid, record}}`.
 * Every event is kept, so a reconnect with a cursor replays from the log as the real service does.
 */
import { type FakeConnection, FakeWsServer } from './fake-ws.ts';

export interface JetstreamEvent {
  did: string;
  time_us: number;
  kind: 'commit' | 'identity' | 'account';
  commit?: {
    rev: string;
    operation: 'create' | 'update' | 'delete';
    collection: string;
    rkey: string;
    cid?: string;
    record?: Record<string, unknown>;
  };
}

export class FakeJetstreamServer extends FakeWsServer {
  /** Every event published (raw frames included, with the time they were published at). */
  readonly log: Array<{ time_us: number; frame: string; event?: JetstreamEvent }> = [];
  #clock = 1_700_000_000_000_000;

  constructor() {
    super('/subscribe', (c) => this.#onConnect(c));
  }

  nextTime(): number {
    this.#clock += 100_000 + Math.floor(Math.random() * 1_000);
    return this.#clock;
  }

  /** Publishes an event to the log and to every matching live subscriber. */
  publish(event: Omit<JetstreamEvent, 'time_us'> & { time_us?: number }): JetstreamEvent {
    const full = { ...event, time_us: event.time_us ?? this.nextTime() } as JetstreamEvent;
    const frame = JSON.stringify(full);
    this.log.push({ time_us: full.time_us, frame, event: full });
    for (const c of this.open) if (matches(c.query, full)) this.send(c, frame);
    return full;
  }

  /** A frame that is not a valid event (bad JSON, wrong shape); goes to everyone. */
  publishRaw(frame: string): void {
    this.log.push({ time_us: this.nextTime(), frame });
    for (const c of this.open) this.send(c, frame);
  }

  post(did: string, rkey: string, record: Record<string, unknown>, operation: 'create' | 'update' = 'create'): JetstreamEvent {
    return this.publish({
      did,
      kind: 'commit',
      commit: {
        rev: `rev${rkey}`,
        operation,
        collection: 'app.bsky.feed.post',
        rkey,
        cid: `cid${rkey}`,
        record: { $type: 'app.bsky.feed.post', ...record },
      },
    });
  }

  deletePost(did: string, rkey: string): JetstreamEvent {
    return this.publish({
      did,
      kind: 'commit',
      commit: { rev: `rev${rkey}d`, operation: 'delete', collection: 'app.bsky.feed.post', rkey },
    });
  }

  #onConnect(c: FakeConnection): void {
    const cursor = c.query.get('cursor');
    if (cursor === null) return;
    for (const entry of this.log) {
      if (entry.time_us < Number(cursor)) continue;
      if (entry.event && !matches(c.query, entry.event)) continue;
      this.send(c, entry.frame);
    }
  }
}

function matches(query: URLSearchParams, event: JetstreamEvent): boolean {
  const collections = query.getAll('wantedCollections');
  const dids = query.getAll('wantedDids');
  if (dids.length > 0 && !dids.includes(event.did)) return false;
  if (event.kind !== 'commit' || collections.length === 0) return true;
  const collection = event.commit?.collection ?? '';
  return collections.some((w) => (w.endsWith('.*') ? collection.startsWith(w.slice(0, -1)) : collection === w));
}
