import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { parseCli } from '../../src/config/cli.ts';
import { stackCliSpec } from '../../src/stack/cli.ts';
import { loadStackConfig, type StackConfig } from '../../src/stack/config.ts';
import { kafkaLayout } from '../../src/stack/kafka-layout.ts';
import {
  allKafkaDataDirs,
  forgetBrokerCount,
  kafkaBrokerCount,
  recordBrokerCount,
  requireNoOtherKafka,
} from '../../src/stack/kafka-mode.ts';
import { stackPaths } from '../../src/stack/paths.ts';

let dir: string;
let config: StackConfig;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'ss-mode-'));
  config = loadStackConfig({ STREAMSENSE_STACK_DIR: dir });
});
after(() => rm(dir, { recursive: true, force: true }));

/** A pid file for this very process: alive, and its command line matches, so it counts as running. */
async function runningPidFile(name: string): Promise<void> {
  const cmdline = await readFile(`/proc/${process.pid}/cmdline`, 'utf8');
  await mkdir(path.join(dir, 'run'), { recursive: true });
  await writeFile(
    path.join(dir, 'run', `${name}.pid`),
    JSON.stringify({ pid: process.pid, service: name, startedAt: new Date().toISOString(), cmdline }),
  );
}

test('broker count: explicit, else what the last up recorded, else one; down forgets it', async () => {
  const paths = stackPaths(config);
  assert.equal(kafkaBrokerCount(config), 1);
  await recordBrokerCount(paths, 3);
  assert.equal(kafkaBrokerCount(config), 3);
  assert.equal(kafkaBrokerCount(loadStackConfig({ STREAMSENSE_STACK_DIR: dir, STREAMSENSE_BROKERS: '1' })), 1);
  await forgetBrokerCount(paths);
  assert.equal(kafkaBrokerCount(config), 1);
});

test('a running single node blocks a cluster and the other way round, with what to do', async (t) => {
  const paths = stackPaths(config);
  t.after(() => Promise.all(['kafka', 'kafka-1', 'kafka-2'].map((n) => rm(path.join(dir, 'run', `${n}.pid`), { force: true }))));
  await runningPidFile('kafka');
  await assert.rejects(
    requireNoOtherKafka(paths, kafkaLayout(config, paths, 3)),
    /a single-node Kafka is running from .*`npm run stack -- down`.*before starting a 3-broker cluster/,
  );
  await requireNoOtherKafka(paths, kafkaLayout(config, paths, 1));
  await rm(path.join(dir, 'run', 'kafka.pid'));
  await runningPidFile('kafka-2');
  await runningPidFile('kafka-1');
  await assert.rejects(
    requireNoOtherKafka(paths, kafkaLayout(config, paths, 1)),
    /a Kafka cluster \(kafka-1, kafka-2\) is running.*before starting a single node/,
  );
  await requireNoOtherKafka(paths, kafkaLayout(config, paths, 3));
});

test('a stale pid file (process gone) does not block', async (t) => {
  const paths = stackPaths(config);
  const file = path.join(dir, 'run', 'kafka.pid');
  t.after(() => rm(file, { force: true }));
  await writeFile(file, JSON.stringify({ pid: 2 ** 22 + 12345, service: 'kafka', startedAt: '', cmdline: 'x' }));
  await requireNoOtherKafka(paths, kafkaLayout(config, paths, 3));
});

test('reset finds the data of every layout used in the stack dir', async () => {
  const paths = stackPaths(config);
  await mkdir(path.join(dir, 'kafka', 'cluster-3', 'node-1'), { recursive: true });
  await mkdir(path.join(dir, 'kafka', 'libs'), { recursive: true });
  assert.deepEqual((await allKafkaDataDirs(paths)).sort(), [path.join(dir, 'kafka', 'cluster-3'), path.join(dir, 'kafka', 'data')]);
});

test('--brokers N and --brokers=N are read on any command, beside its own flags and positionals', () => {
  const read = (argv: string[]) => {
    const parsed = parseCli(stackCliSpec, argv, {});
    assert.ok(!('help' in parsed));
    return {
      command: parsed.command,
      brokers: parsed.config.brokers,
      json: parsed.config.json,
      lines: parsed.config.lines,
      positionals: parsed.positionals,
    };
  };
  assert.deepEqual(read(['status', '--brokers', '3', '--json']), {
    command: 'status',
    brokers: '3',
    json: true,
    lines: 0,
    positionals: [],
  });
  assert.deepEqual(read(['logs', 'kafka-2', '--brokers=3']), {
    command: 'logs',
    brokers: '3',
    json: false,
    lines: 0,
    positionals: ['kafka-2'],
  });
  assert.deepEqual(read(['logs', '--lines', '5', 'kafka']), {
    command: 'logs',
    brokers: undefined,
    json: false,
    lines: 5,
    positionals: ['kafka'],
  });
  assert.throws(() => parseCli(stackCliSpec, ['up', '--brokers'], {}), /Option '--brokers <value>' argument missing/);
});
