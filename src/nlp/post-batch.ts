import type { Encoder } from './encoder.ts';

/**
 * The posts of one classify() call. Embeddings are computed at most once per encoder and shared by
 * every task that asks for them: sentiment and topic on the same encoder cost one forward pass.
 */
export interface PostBatch {
  readonly texts: readonly string[];
  embeddings(encoder: Encoder): Promise<Float32Array[]>;
}

export function postBatch(texts: readonly string[]): PostBatch {
  const memo = new Map<Encoder, Promise<Float32Array[]>>();
  return {
    texts,
    embeddings(encoder) {
      let pending = memo.get(encoder);
      if (!pending) memo.set(encoder, (pending = encoder.embed(texts)));
      return pending;
    },
  };
}
