import type { TimeAxis } from './filters.ts';
import { textWords } from './search-text.ts';

/**
 * An in-memory inverted index over the posts' words, with each post's time, topic and sentiment,
 * so a text search over a million rows is counted in milliseconds (the target: every API call
 * < 200 ms). MariaDB's FULLTEXT index cannot do that for common words: it fetches every matching
 * row (5-7 s for a word in half the rows, docs/dashboard.md). Pure data structure: search.ts
 * fills it from MySQL and keeps it current.
 *
 * Rows are numbered in arrival order ("ordinals"); a word's postings are the ordinals of the
 * rows that contain it, ascending. A row seen again (an upsert of the same post id) keeps its
 * ordinal and gets its new time, topic and sentiment; its text is the post's and does not change.
 */
export interface IndexRow {
  readonly id: string;
  readonly text: string;
  readonly topic: string;
  readonly sentiment: string;
  readonly classifiedMs: number;
  readonly createdMs: number;
}

export interface RowFilter {
  readonly axis: TimeAxis;
  /** Lower bound on the axis (inclusive); null for none. */
  readonly fromMs: number | null;
  readonly topic?: string;
  readonly sentiment?: string;
}

class Postings {
  data = new Uint32Array(4);
  length = 0;

  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Uint32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }

  /** Drops the spare capacity of the doubling growth (after a bulk build). */
  trim(): void {
    if (this.data.length > this.length) this.data = this.data.slice(0, Math.max(this.length, 1));
  }
}

/** Interns labels (topics, sentiments) as small numbers. */
class Labels {
  readonly names: string[] = [];
  private readonly ids = new Map<string, number>();

  id(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  find(name: string): number | undefined {
    return this.ids.get(name);
  }
}

function grow<T extends Float64Array | Uint16Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const grown = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  grown.set(array);
  return grown;
}

/** First index in sorted `list` whose value is >= `key` (code-unit order). */
function lowerBound(list: readonly string[], key: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class SearchIndex {
  private count = 0;
  private readonly ids: string[] = [];
  private readonly ordinals = new Map<string, number>();
  private axes: Record<TimeAxis, Float64Array> = { classified: new Float64Array(1024), created: new Float64Array(1024) };
  private topicOf = new Uint16Array(1024);
  private sentimentOf = new Uint16Array(1024);
  private readonly topics = new Labels();
  private readonly sentiments = new Labels();
  private readonly postings = new Map<string, Postings>();
  /** Every word, sorted by code unit, so the words with a prefix are one contiguous run. */
  private vocabulary: string[] = [];
  private newWords: string[] = [];
  private reached = new Uint8Array(0);
  /** Ordinals of rows deleted since they were added: skipped by every query. */
  private readonly removed = new Set<number>();

  get size(): number {
    return this.count;
  }

  /** Releases growth slack after a bulk load; later additions grow again as needed. */
  compact(): void {
    for (const list of this.postings.values()) list.trim();
  }

  add(row: IndexRow): void {
    const known = this.ordinals.get(row.id);
    const ordinal = known ?? this.count;
    if (known === undefined) this.append(row);
    else this.removed.delete(known);
    this.axes.classified[ordinal] = row.classifiedMs;
    this.axes.created[ordinal] = row.createdMs;
    this.topicOf[ordinal] = this.topics.id(row.topic);
    this.sentimentOf[ordinal] = this.sentiments.id(row.sentiment);
  }

  /** Drops a row (its post was deleted at the source); a later `add` of the same id brings it back. */
  remove(id: string): void {
    const ordinal = this.ordinals.get(id);
    if (ordinal !== undefined) this.removed.add(ordinal);
  }

  /**
   * Calls `visit` for each row that contains every word as a word prefix (search-text.ts) and
   * passes the filter. One pass per word over its postings, no per-match allocation: a
   * reusable byte per row counts how many of the words the row has shown so far.
   */
  each(words: readonly string[], filter: RowFilter, visit: (ordinal: number, axisMs: number) => void): void {
    this.sortNewWords();
    const axis = this.axes[filter.axis];
    const topic = filter.topic === undefined ? -1 : (this.topics.find(filter.topic) ?? -2);
    const sentiment = filter.sentiment === undefined ? -1 : (this.sentiments.find(filter.sentiment) ?? -2);
    if (topic === -2 || sentiment === -2 || words.length === 0) return;
    const reached = this.scratch();
    const fromMs = filter.fromMs ?? -Infinity;
    words.forEach((word, k) => {
      const last = k === words.length - 1;
      for (const list of this.listsWithPrefix(word)) {
        const { data, length } = list;
        for (let i = 0; i < length; i++) {
          const o = data[i];
          if (reached[o] !== k) continue;
          reached[o] = k + 1;
          if (!last || axis[o] < fromMs) continue;
          if ((topic >= 0 && this.topicOf[o] !== topic) || (sentiment >= 0 && this.sentimentOf[o] !== sentiment)) continue;
          if (this.removed.size > 0 && this.removed.has(o)) continue;
          visit(o, axis[o]);
        }
      }
    });
  }

  /** Matching rows per (topic, sentiment). */
  cells(words: readonly string[], filter: RowFilter): Array<{ topic: string; sentiment: string; count: number }> {
    const width = this.sentiments.names.length;
    const counts = new Float64Array(this.topics.names.length * width);
    this.each(words, filter, (o) => {
      counts[this.topicOf[o] * width + this.sentimentOf[o]]++;
    });
    const out: Array<{ topic: string; sentiment: string; count: number }> = [];
    counts.forEach((count, key) => {
      if (count > 0) out.push({ topic: this.topics.names[Math.floor(key / width)], sentiment: this.sentiments.names[key % width], count });
    });
    return out;
  }

  /**
   * Matching rows per (time bucket, sentiment); bucket = floor(epoch seconds / bucketSeconds).
   * Counted in a flat array from `firstBucket` (the series' first bucket) on; rows before it
   * are not on the axis and are skipped, as fillSeries would drop them.
   */
  series(
    words: readonly string[],
    filter: RowFilter,
    bucketSeconds: number,
    firstBucket: number,
  ): Array<{ bucket: number; sentiment: string; count: number }> {
    const width = this.sentiments.names.length;
    let counts = new Float64Array(width * 128);
    const bucketMs = bucketSeconds * 1000;
    this.each(words, filter, (o, ms) => {
      const b = Math.floor(ms / bucketMs) - firstBucket;
      if (b < 0) return;
      const at = b * width + this.sentimentOf[o];
      if (at >= counts.length) counts = grow(counts, at + 1);
      counts[at]++;
    });
    const out: Array<{ bucket: number; sentiment: string; count: number }> = [];
    counts.forEach((count, at) => {
      if (count > 0) out.push({ bucket: firstBucket + Math.floor(at / width), sentiment: this.sentiments.names[at % width], count });
    });
    return out;
  }

  /** Post ids of the newest `limit` matches on the filter's axis (ties: larger id first, as in SQL). */
  latest(words: readonly string[], filter: RowFilter, limit: number): string[] {
    const top: Array<{ ms: number; id: string }> = [];
    const newer = (ms: number, id: string, than: { ms: number; id: string }) => ms > than.ms || (ms === than.ms && id > than.id);
    this.each(words, filter, (o, ms) => {
      const worst = top[top.length - 1];
      if (top.length === limit && (ms < worst.ms || !newer(ms, this.ids[o], worst))) return;
      const id = this.ids[o];
      let at = top.length;
      while (at > 0 && newer(ms, id, top[at - 1])) at--;
      top.splice(at, 0, { ms, id });
      if (top.length > limit) top.pop();
    });
    return top.map((t) => t.id);
  }

  /** A zeroed byte per row, reused across searches (searches run one at a time on the event loop). */
  private scratch(): Uint8Array {
    if (this.reached.length < this.count) this.reached = new Uint8Array(Math.max(this.count, this.reached.length * 2));
    else this.reached.fill(0, 0, this.count);
    return this.reached;
  }

  private append(row: IndexRow): void {
    const ordinal = this.count++;
    this.ids.push(row.id);
    this.ordinals.set(row.id, ordinal);
    this.axes = { classified: grow(this.axes.classified, this.count), created: grow(this.axes.created, this.count) };
    this.topicOf = grow(this.topicOf, this.count);
    this.sentimentOf = grow(this.sentimentOf, this.count);
    for (const word of textWords(row.text)) {
      let list = this.postings.get(word);
      if (!list) {
        list = new Postings();
        this.postings.set(word, list);
        this.newWords.push(word);
      }
      list.push(ordinal);
    }
  }

  private *listsWithPrefix(prefix: string): Iterable<Postings> {
    for (let i = lowerBound(this.vocabulary, prefix); i < this.vocabulary.length && this.vocabulary[i].startsWith(prefix); i++) {
      yield this.postings.get(this.vocabulary[i])!;
    }
  }

  /** Merges words first seen since the last search into the sorted vocabulary (one linear pass). */
  private sortNewWords(): void {
    if (this.newWords.length === 0) return;
    const fresh = this.newWords.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    this.newWords = [];
    const old = this.vocabulary;
    const merged: string[] = new Array(old.length + fresh.length);
    let i = 0;
    let j = 0;
    for (let k = 0; k < merged.length; k++) merged[k] = j >= fresh.length || (i < old.length && old[i] < fresh[j]) ? old[i++] : fresh[j++];
    this.vocabulary = merged;
  }
}
