import type { StackConfig } from '../config/stack.ts';
import { createKafka } from '../kafka/client.ts';
import { topics } from '../kafka/topics.ts';
import { createLogger } from '../telemetry/log.ts';
import type { Replication } from './kafka-layout.ts';
import type { Report } from './service.ts';

/**
 * Create the project's topics (src/kafka/topics.ts) with the configured partition count and the
 * layout's replication (RF 3 / min.insync.replicas 2 on a 3-broker cluster), and grow existing
 * ones that have fewer partitions. Kafka cannot shrink a topic; fewer is left as it is.
 */
export async function ensureProjectTopics(config: StackConfig, brokers: readonly string[], replication: Replication, report: Report): Promise<void> {
  const kafka = createKafka({ brokers, clientId: 'streamsense-stack', logLevel: 'error' }, createLogger('stack:kafka'));
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = config.kafka.partitions;
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: wanted,
          replicationFactor: replication.replicationFactor,
          configEntries: topicConfigs(t.configs, replication),
        })),
      });
      const rf = replication.replicationFactor > 1 ? `, RF ${replication.replicationFactor}, min ISR ${replication.minInsyncReplicas}` : '';
      report(`kafka: created ${missing.map((t) => t.name).join(', ')} (${wanted} partitions${rf})`);
    }
    const present = topics.filter((t) => existing.has(t.name)).map((t) => t.name);
    if (present.length === 0) return;
    const metadata = await admin.fetchTopicMetadata({ topics: present });
    const grow = metadata.topics.filter((t) => t.partitions.length < wanted);
    if (grow.length === 0) return;
    await admin.createPartitions({ topicPartitions: grow.map((t) => ({ topic: t.name, count: wanted })) });
    report(`kafka: grew ${grow.map((t) => t.name).join(', ')} to ${wanted} partitions`);
  } finally {
    await admin.disconnect();
  }
}

function topicConfigs(configs: Readonly<Record<string, string>>, replication: Replication): Array<{ name: string; value: string }> {
  const all = replication.replicationFactor > 1 ? { ...configs, 'min.insync.replicas': String(replication.minInsyncReplicas) } : configs;
  return Object.entries(all).map(([name, value]) => ({ name, value }));
}
