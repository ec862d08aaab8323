/** What every ingest source implements (src/produce/sources/, one file each). */
import type { SourceItem } from '../contracts/post-input.ts';

export interface Source {
  readonly name: string;
  /**
   * `from` is the position of the last item whose output was durably produced (see SourceItem.position),
   * when the source is resumable and one was stored; the source resumes there (or a little before).
   */
  items(signal: AbortSignal, from?: string): AsyncIterable<SourceItem>;
  /** True when the source yields positions worth storing (the producer then keeps them in its state topic). */
  readonly resumable?: boolean;
}
