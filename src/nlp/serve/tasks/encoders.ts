import type { Encoder, EncoderOptions } from '../encoder.ts';
import { loadEncoder } from '../encoder.ts';
import type { EncoderSpec, ModelCatalog } from '../model-catalog.ts';
import { pickEncoder } from '../model-catalog.ts';

/** Loads each named encoder once, however many tasks use it; closes them all together. */
export interface EncoderPool {
  get(name: string | undefined): Promise<Encoder>;
  /** The config entry of an encoder (or of the default one). */
  spec(name: string | undefined): EncoderSpec;
  close(): Promise<void>;
}

export function encoderPool(catalog: ModelCatalog, options: EncoderOptions): EncoderPool {
  const loaded = new Map<string, Promise<Encoder>>();
  return {
    spec: (name) => pickEncoder(catalog, name),
    get(name) {
      const spec = pickEncoder(catalog, name);
      let encoder = loaded.get(spec.name);
      if (!encoder) {
        encoder = loadEncoder(spec, options);
        loaded.set(spec.name, encoder);
      }
      return encoder;
    },
    async close() {
      const settled = await Promise.allSettled(loaded.values());
      await Promise.all(settled.map((s) => (s.status === 'fulfilled' ? s.value.close() : undefined)));
    },
  };
}
