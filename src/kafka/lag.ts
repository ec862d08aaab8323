import type { Admin } from 'kafkajs';

/**
 * Consumer lag of a group on a topic: the sum over partitions of (log end offset - committed
 * offset). A partition with no commit yet counts from the log start.
 */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [ends, committed] = await Promise.all([admin.fetchTopicOffsets(topic), admin.fetchOffsets({ groupId, topics: [topic] })]);
  const done = new Map<number, bigint>();
  for (const p of committed.find((t) => t.topic === topic)?.partitions ?? []) done.set(p.partition, BigInt(p.offset));
  let lag = 0n;
  for (const p of ends) {
    const end = BigInt(p.high);
    const start = BigInt(p.low);
    const at = done.get(p.partition) ?? -1n;
    lag += end - (at < 0n ? start : at);
  }
  return Number(lag);
}
