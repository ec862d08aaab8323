import type { Admin } from 'kafkajs';
import { noSecurity } from '../config/security.ts';
import { AppError, ErrorCode } from '../errors/app-error.ts';
import { createKafka } from '../kafka/client.ts';
import { topics } from '../kafka/topics.ts';
import { createLogger } from '../telemetry/log.ts';
import type { StackConfig } from './config.ts';
import type { Replication } from './kafka-layout.ts';
import type { Report } from './service.ts';
import { waitUntil } from './wait.ts';

/**
 * Create the project's topics (src/kafka/topics.ts) with the configured partition count and the
 * layout's replication (RF 3 / min.insync.replicas 2 on a 3-broker cluster), and grow existing
 * ones that have fewer partitions. Kafka cannot shrink a topic; fewer is left as it is.
 */
export async function ensureProjectTopics(
  config: StackConfig,
  brokers: readonly string[],
  replication: Replication,
  report: Report,
): Promise<void> {
  const kafka = createKafka(
    { brokers, clientId: 'streamsense-stack', logLevel: 'error', security: noSecurity.kafka },
    createLogger('stack:kafka'),
  );
  const admin = kafka.admin();
  await admin.connect();
  try {
    const wanted = config.kafka.partitions;
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: wanted,
          replicationFactor: replication.replicationFactor,
          configEntries: topicConfigs(t.configs, replication),
        })),
      });
      await waitForTopicLeaders(
        admin,
        missing.map((t) => t.name),
      );
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

/**
 * Until every partition of `names` has a leader. kafkajs' own `waitForLeaders` gives up when the
 * broker it asks has not yet heard of a new topic (UNKNOWN_TOPIC_OR_PARTITION), which on a
 * multi-broker cluster happens for a moment after creation; here that is just "not yet".
 */
export async function waitForTopicLeaders(admin: Admin, names: readonly string[], timeoutMs = 60_000): Promise<void> {
  const result = await waitUntil(
    async () => {
      const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
      return topics.length === names.length && topics.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
    },
    { timeoutMs, intervalMs: 200 },
  );
  if (!result.ok) {
    throw new AppError(ErrorCode.SERVICE_UNAVAILABLE, `kafka: topics ${names.join(', ')} have no leaders after ${timeoutMs / 1000}s`, {
      retriable: true,
      cause: result.lastError,
    });
  }
}
