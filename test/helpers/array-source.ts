import type { Source, SourceItem } from '../../src/produce/post-input.ts';

/** A source over values held in memory: objects become posts, strings are raw JSONL lines. */
export function arraySource(values: readonly unknown[], name = 'test'): Source {
  return {
    name,
    async *items(signal) {
      for (const [i, value] of values.entries()) {
        if (signal.aborted) return;
        const origin = `${name}:${i + 1}`;
        if (typeof value !== 'string') {
          yield { kind: 'post', value, origin } satisfies SourceItem;
          continue;
        }
        try {
          yield { kind: 'post', value: JSON.parse(value), origin };
        } catch (error) {
          yield { kind: 'unparsable', raw: value, reason: `not valid JSON: ${(error as Error).message}`, origin };
        }
      }
    },
  };
}
