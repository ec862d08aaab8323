import { lineToItem } from '../../src/contracts/input-line.ts';
import type { SourceItem } from '../../src/contracts/post-input.ts';
import type { Source } from '../../src/produce/source.ts';

/** A source over values held in memory: objects become posts, strings and Buffers are raw JSONL lines. */
export function arraySource(values: readonly unknown[], name = 'test'): Source {
  return {
    name,
    async *items(signal) {
      for (const [i, value] of values.entries()) {
        if (signal.aborted) return;
        const origin = `${name}:${i + 1}`;
        if (typeof value === 'string') yield lineToItem(Buffer.from(value, 'utf8'), origin);
        else if (Buffer.isBuffer(value)) yield lineToItem(value, origin);
        else yield { kind: 'post', value, origin } satisfies SourceItem;
      }
    },
  };
}
