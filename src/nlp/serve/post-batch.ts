import type { Encoded, Encoder } from './encoder.ts';

/**
 * The posts of one classify() call. Each encoder runs at most once per batch and its output is shared
 * by every task that asks for it: sentiment and topic on the same encoder cost one forward pass, also
 * when the graph returns sentiment logits next to the pooled embedding.
 */
export interface PostBatch {
  readonly texts: readonly string[];
  embeddings(encoder: Encoder): Promise<Float32Array[]>;
  encoded(encoder: Encoder): Promise<Encoded>;
}

export function postBatch(texts: readonly string[]): PostBatch {
  const memo = new Map<Encoder, Promise<Encoded>>();
  const encoded = (encoder: Encoder) => {
    let pending = memo.get(encoder);
    if (!pending) {
      pending = encoder.encode ? encoder.encode(texts) : encoder.embed(texts).then((embeddings) => ({ embeddings }));
      memo.set(encoder, pending);
    }
    return pending;
  };
  return {
    texts,
    encoded,
    embeddings: async (encoder) => (await encoded(encoder)).embeddings,
  };
}
