import type { KafkaMessage } from 'kafkajs';

/**
 * Within one chunk a key may be written and deleted several times; what counts is its last
 * record. Returns the keys whose last record in the chunk is a tombstone (same partition, so
 * offsets order writes and deletes).
 */
type Keyed = { readonly key: string; readonly message: Pick<KafkaMessage, 'offset'> };

export function keysDeletedLast(writes: readonly Keyed[], deletes: readonly Keyed[]): Set<string> {
  const last = (records: readonly Keyed[]) => {
    const byKey = new Map<string, bigint>();
    for (const r of records) {
      const offset = BigInt(r.message.offset);
      if ((byKey.get(r.key) ?? -1n) < offset) byKey.set(r.key, offset);
    }
    return byKey;
  };
  const written = last(writes);
  const deleted = new Set<string>();
  for (const [key, offset] of last(deletes)) if (offset > (written.get(key) ?? -1n)) deleted.add(key);
  return deleted;
}
