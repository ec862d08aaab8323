import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadStackConfig } from '../../src/stack/config.ts';
import { serverProperties } from '../../src/stack/kafka-config.ts';
import { brokerAddresses, kafkaLayout, replicationFor } from '../../src/stack/kafka-layout.ts';
import { stackPaths } from '../../src/stack/paths.ts';

const config = loadStackConfig({ STREAMSENSE_STACK_DIR: '/tmp/ss-layout' });
const paths = stackPaths(config);
const props = (text: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((l) => l.includes('=') && !l.startsWith('#'))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

test('replication: RF = min(brokers, 3), min ISR 2 from three brokers on', () => {
  assert.deepEqual([1, 2, 3, 5].map(replicationFor), [
    { replicationFactor: 1, minInsyncReplicas: 1 },
    { replicationFactor: 2, minInsyncReplicas: 1 },
    { replicationFactor: 3, minInsyncReplicas: 2 },
    { replicationFactor: 3, minInsyncReplicas: 2 },
  ]);
});

test('one node keeps the single-node layout, files and 512m heap', () => {
  const layout = kafkaLayout(config, paths, 1);
  assert.equal(layout.heap, '512m');
  assert.equal(layout.clusterHome, null);
  assert.deepEqual(
    layout.nodes.map((n) => [n.name, n.port, n.controllerPort, n.data, n.pidFile, n.logFile]),
    [['kafka', 19092, 19093, '/tmp/ss-layout/kafka/data', '/tmp/ss-layout/run/kafka.pid', '/tmp/ss-layout/logs/kafka.log']],
  );
  const p = props(serverProperties(config, layout, layout.nodes[0]!));
  assert.equal(p['controller.quorum.bootstrap.servers'], '127.0.0.1:19093');
  assert.equal(p['controller.quorum.voters'], undefined);
  assert.equal(p['offsets.topic.replication.factor'], '1');
  assert.equal(p['transaction.state.log.min.isr'], '1');
  assert.equal(p['min.insync.replicas'], undefined);
});

test('three nodes: own dirs per cluster size, ports two apart, 384m each', () => {
  const layout = kafkaLayout(config, paths, 3);
  assert.equal(layout.heap, '384m');
  assert.equal(layout.clusterHome, '/tmp/ss-layout/kafka/cluster-3');
  assert.deepEqual(
    layout.nodes.map((n) => [n.name, n.port, n.controllerPort, n.data, n.pidFile]),
    [
      ['kafka-1', 19092, 19093, '/tmp/ss-layout/kafka/cluster-3/node-1/data', '/tmp/ss-layout/run/kafka-1.pid'],
      ['kafka-2', 19094, 19095, '/tmp/ss-layout/kafka/cluster-3/node-2/data', '/tmp/ss-layout/run/kafka-2.pid'],
      ['kafka-3', 19096, 19097, '/tmp/ss-layout/kafka/cluster-3/node-3/data', '/tmp/ss-layout/run/kafka-3.pid'],
    ],
  );
  assert.deepEqual(brokerAddresses(config, layout), ['127.0.0.1:19092', '127.0.0.1:19094', '127.0.0.1:19096']);
  assert.equal(kafkaLayout(loadStackConfig({ STREAMSENSE_STACK_DIR: '/tmp/x', STREAMSENSE_KAFKA_HEAP: '1g' }), paths, 3).heap, '1g');
});

test('cluster nodes: static voters, their own listeners, RF 3 and min ISR 2 for internal topics', () => {
  const layout = kafkaLayout(config, paths, 3);
  const p = props(serverProperties(config, layout, layout.nodes[1]!));
  assert.equal(p['node.id'], '2');
  assert.equal(p['controller.quorum.voters'], '1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097');
  assert.equal(p['controller.quorum.bootstrap.servers'], undefined);
  assert.equal(p.listeners, 'PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095');
  assert.equal(p['advertised.listeners'], 'PLAINTEXT://127.0.0.1:19094');
  assert.equal(p['log.dirs'], '/tmp/ss-layout/kafka/cluster-3/node-2/data');
  for (const key of ['offsets.topic.replication.factor', 'transaction.state.log.replication.factor', 'default.replication.factor'])
    assert.equal(p[key], '3', key);
  for (const key of ['transaction.state.log.min.isr', 'min.insync.replicas']) assert.equal(p[key], '2', key);
});

test('config: the broker count is validated, and every node port must be free of the others', () => {
  assert.equal(loadStackConfig({ STREAMSENSE_BROKERS: '3' }).kafka.brokers, 3);
  assert.equal(loadStackConfig({}).kafka.brokers, undefined);
  assert.throws(() => loadStackConfig({ STREAMSENSE_BROKERS: '0' }), /STREAMSENSE_BROKERS: .*\(for example STREAMSENSE_BROKERS=3\)/);
  assert.throws(() => loadStackConfig({ STREAMSENSE_BROKERS: '12' }), /STREAMSENSE_BROKERS/);
  // Node 2's broker port (19092 + 2) is the controller port given here.
  assert.throws(
    () => loadStackConfig({ STREAMSENSE_BROKERS: '3', STREAMSENSE_KAFKA_CONTROLLER_PORT: '19094' }),
    /port 19094 is already used/,
  );
  assert.throws(
    () => loadStackConfig({ STREAMSENSE_BROKERS: '3', STREAMSENSE_KAFKA_PORT: '65533', STREAMSENSE_KAFKA_CONTROLLER_PORT: '19093' }),
    /above 65535/,
  );
});

test('SASL listener: on every node two ports apart, with PLAIN in JAAS and SCRAM enabled; off by default', () => {
  const secured = loadStackConfig({
    STREAMSENSE_STACK_DIR: '/tmp/ss-layout',
    STREAMSENSE_KAFKA_SASL_PORT: '19098',
    STREAMSENSE_KAFKA_SASL_PASSWORD: 'local-pw-123',
  });
  const layout = kafkaLayout(secured, stackPaths(secured), 3);
  assert.deepEqual(
    layout.nodes.map((n) => n.saslPort),
    [19098, 19100, 19102],
  );
  const p = props(serverProperties(secured, layout, layout.nodes[2]!));
  assert.equal(p.listeners, 'PLAINTEXT://127.0.0.1:19096,CONTROLLER://127.0.0.1:19097,SASL_PLAINTEXT://127.0.0.1:19102');
  assert.equal(p['advertised.listeners'], 'PLAINTEXT://127.0.0.1:19096,SASL_PLAINTEXT://127.0.0.1:19102');
  assert.equal(p['inter.broker.listener.name'], 'PLAINTEXT');
  assert.equal(p['sasl.enabled.mechanisms'], 'PLAIN,SCRAM-SHA-256,SCRAM-SHA-512');
  assert.match(p['listener.name.sasl_plaintext.plain.sasl.jaas.config']!, /PlainLoginModule required user_streamsense="local-pw-123";$/);
  assert.match(p['listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config']!, /ScramLoginModule required;$/);
  const plain = props(serverProperties(config, kafkaLayout(config, paths, 1), kafkaLayout(config, paths, 1).nodes[0]!));
  assert.equal(plain['sasl.enabled.mechanisms'], undefined);
  assert.throws(
    () => loadStackConfig({ STREAMSENSE_KAFKA_SASL_PORT: '19098', STREAMSENSE_KAFKA_SASL_PASSWORD: 'has "quote"' }),
    /STREAMSENSE_KAFKA_SASL_PASSWORD/,
  );
  assert.throws(() => loadStackConfig({ STREAMSENSE_BROKERS: '3', STREAMSENSE_KAFKA_SASL_PORT: '19094' }), /port 19094 is already used/);
});
