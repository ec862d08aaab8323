import {
  type Admin,
  type Kafka,
  type Message,
  Partitioners,
  type PartitionMetadata,
  type Producer,
  type ProducerBatch,
  type ProducerRecord,
  type RecordMetadata,
} from 'kafkajs';

/**
 * The producer every stage uses: idempotent (no duplicates from retries), Java-compatible
 * partitioner so keys land where Java clients would put them, and retries without a count
 * limit (kafkajs warns that a limited count may break idempotence); each wait is capped, and
 * a stage's shutdown disconnects it.
 *
 * acks=all on every send: kafkajs' default is -1 and an idempotent producer refuses any other
 * value, so with min.insync.replicas=2 on a 3-broker cluster (`stack up --brokers 3`) a record is
 * acknowledged only once two replicas have it.
 *
 * One partition per request: kafkajs 2.2.4 loses records when one send() spans several brokers
 * and one of them dies. Its retry re-sends only to brokers that have not answered yet
 * (`responsePerBroker` in kafkajs/src/producer/sendMessages.js), so a partition whose leader
 * moved to a broker that already answered is silently dropped while send() resolves. Seen in
 * test/integration/cluster.test.ts as a post missing from the raw topic after a broker was
 * killed. Here each send() is split into one kafkajs send per partition, run in order, with
 * partitions chosen by the same partitioner from metadata cached for `metadataMaxAgeMs`.
 */
export interface IdempotentProducerOptions {
  /** How long partition counts are cached; a grown topic is seen after at most this long. */
  readonly metadataMaxAgeMs?: number;
}

type Partitioner = ReturnType<typeof Partitioners.DefaultPartitioner>;

export function createIdempotentProducer(kafka: Kafka, options: IdempotentProducerOptions = {}): Producer {
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 5,
    createPartitioner: Partitioners.DefaultPartitioner,
    retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 300, maxRetryTime: 10_000 },
  });
  return onePartitionPerRequest(producer, topicMetadataCache(kafka.admin(), options.metadataMaxAgeMs ?? 30_000));
}

export interface MetadataCache {
  partitionsOf(topic: string): Promise<PartitionMetadata[]>;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

export function topicMetadataCache(admin: Admin, maxAgeMs: number): MetadataCache {
  const cache = new Map<string, { at: number; partitions: PartitionMetadata[] }>();
  return {
    async partitionsOf(topic) {
      const hit = cache.get(topic);
      if (hit && Date.now() - hit.at < maxAgeMs) return hit.partitions;
      const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = topics[0]?.partitions ?? [];
      cache.set(topic, { at: Date.now(), partitions });
      return partitions;
    },
    connect: () => admin.connect(),
    disconnect: () => admin.disconnect(),
  };
}

function onePartitionPerRequest(producer: Producer, metadata: MetadataCache): Producer {
  const partitioner = Partitioners.DefaultPartitioner();
  const sendGroups = async (batch: ProducerBatch): Promise<RecordMetadata[]> => {
    const { topicMessages = [], ...rest } = batch;
    const groups = await splitByPartition(topicMessages, (topic) => metadata.partitionsOf(topic), partitioner);
    const results: RecordMetadata[] = [];
    for (const group of groups) results.push(...(await producer.send({ ...rest, ...group })));
    return results;
  };
  return {
    ...producer,
    connect: async () => {
      await producer.connect();
      await metadata.connect();
    },
    disconnect: async () => {
      await metadata.disconnect().catch(() => undefined);
      await producer.disconnect();
    },
    send: ({ topic, messages, ...rest }: ProducerRecord) => sendGroups({ ...rest, topicMessages: [{ topic, messages }] }),
    sendBatch: (batch: ProducerBatch) => sendGroups(batch),
  };
}

/**
 * Messages grouped by topic and partition, in their original order within each partition; a
 * message that names its partition keeps it, the others get the partitioner's choice.
 */
export async function splitByPartition(
  topicMessages: ReadonlyArray<{ topic: string; messages: Message[] }>,
  partitionsOf: (topic: string) => Promise<PartitionMetadata[]>,
  partitioner: Partitioner,
): Promise<Array<{ topic: string; messages: Message[] }>> {
  const groups = new Map<string, { topic: string; messages: Message[] }>();
  for (const { topic, messages } of topicMessages) {
    if (messages.length === 0) continue;
    const partitionMetadata = await partitionsOf(topic);
    for (const message of messages) {
      // No metadata (unknown topic): leave the choice, and the error, to kafkajs.
      const partition =
        message.partition ?? (partitionMetadata.length > 0 ? partitioner({ topic, partitionMetadata, message }) : undefined);
      const key = `${topic}\u0000${partition ?? ''}`;
      const group = groups.get(key) ?? { topic, messages: [] };
      group.messages.push(partition === undefined ? message : { ...message, partition });
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}
