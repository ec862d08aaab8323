import path from 'node:path';
import { kafkaNodePorts, type StackConfig } from './config.ts';
import type { NodeName, StackPaths } from './paths.ts';

/**
 * Where each Kafka node of the stack lives. One node keeps the original single-node layout
 * (.stack/kafka/data, run/kafka.pid, logs/kafka.log). A cluster of n nodes gets its own tree,
 * .stack/kafka/cluster-<n>/node-<id>/, so it never reuses a single node's KRaft storage (whose
 * voter set is that one node) nor a cluster of another size's.
 */
export interface KafkaNode {
  readonly id: number;
  readonly name: NodeName;
  readonly port: number;
  readonly controllerPort: number;
  /** The SASL_PLAINTEXT listener, when STREAMSENSE_KAFKA_SASL_PORT is set. */
  readonly saslPort?: number;
  readonly home: string;
  readonly data: string;
  readonly properties: string;
  readonly pidFile: string;
  readonly logFile: string;
}

export interface Replication {
  readonly replicationFactor: number;
  readonly minInsyncReplicas: number;
}

export interface KafkaLayout extends Replication {
  readonly brokers: number;
  readonly heap: string;
  /** The cluster's own dir (cluster id file, node dirs); null for a single node. */
  readonly clusterHome: string | null;
  readonly nodes: readonly KafkaNode[];
}

/** RF 3 where there are 3+ brokers; min ISR 2 so acks=all survives one broker down (KIP-1 style). */
export function replicationFor(brokers: number): Replication {
  return { replicationFactor: Math.min(brokers, 3), minInsyncReplicas: brokers >= 3 ? 2 : 1 };
}

export function kafkaLayout(config: StackConfig, paths: StackPaths, brokers: number): KafkaLayout {
  const heap = config.kafka.heap ?? (brokers > 1 ? '384m' : '512m');
  if (brokers === 1) {
    const p = paths.kafka;
    const single: KafkaNode = {
      id: 1,
      name: 'kafka',
      port: config.kafka.port,
      controllerPort: config.kafka.controllerPort,
      ...(config.kafka.saslPort !== undefined && { saslPort: config.kafka.saslPort }),
      home: p.home,
      data: p.data,
      properties: p.properties,
      pidFile: p.pidFile,
      logFile: p.logFile,
    };
    return { brokers, heap, clusterHome: null, nodes: [single], ...replicationFor(1) };
  }
  const clusterHome = path.join(paths.kafka.home, `cluster-${brokers}`);
  const nodes = kafkaNodePorts(config, brokers).map(({ id, port, controllerPort, saslPort }): KafkaNode => {
    const home = path.join(clusterHome, `node-${id}`);
    return {
      id,
      name: `kafka-${id}`,
      port,
      controllerPort,
      ...(saslPort !== undefined && { saslPort }),
      home,
      data: path.join(home, 'data'),
      properties: path.join(home, 'server.properties'),
      pidFile: path.join(paths.runDir, `kafka-${id}.pid`),
      logFile: path.join(paths.logsDir, `kafka-${id}.log`),
    };
  });
  return { brokers, heap, clusterHome, nodes, ...replicationFor(brokers) };
}

export function brokerAddresses(config: StackConfig, layout: KafkaLayout): string[] {
  return layout.nodes.map((n) => `${config.host}:${n.port}`);
}

/** The SASL listeners' addresses; empty when STREAMSENSE_KAFKA_SASL_PORT is unset. */
export function saslBrokerAddresses(config: StackConfig, layout: KafkaLayout): string[] {
  return layout.nodes.flatMap((n) => (n.saslPort === undefined ? [] : [`${config.host}:${n.saslPort}`]));
}

/** The user the SASL listener accepts (PLAIN from the JAAS config, SCRAM from the cluster metadata). */
export const SASL_USER = 'streamsense';
