import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, isAppError } from '../../src/errors/app-error.ts';
import { stageConfigs, stageConfigsFor } from '../../src/start/stage-configs.ts';

const connection = {
  kafkaBrokers: ['127.0.0.1:29092', '127.0.0.1:29093'],
  registryUrl: 'http://127.0.0.1:28081/apis/ccompat/v7',
  mysqlUrl: 'mysql://u:p@127.0.0.1:23306/db',
};

test('typed values give the same configs as the same settings parsed from flags', () => {
  const env = { SINK_TABLE: 'from_env', CLASSIFY_BATCH_SIZE: '7' };
  const typed = stageConfigsFor(connection, { produce: { file: 'data/x.jsonl', rate: 5 }, sink: { metricsPort: -1 } }, env);
  const flags = stageConfigs(connection, { produce: ['--file', 'data/x.jsonl', '--rate', '5'], sink: ['--metrics-port=-1'] }, env);
  assert.deepEqual(typed, flags);
  assert.equal(typed.sink.table, 'from_env', 'env still applies');
  assert.deepEqual(typed.classify.brokers, connection.kafkaBrokers, "the services' addresses win over env and defaults");
  assert.equal(typed.sink.mysqlUrl, connection.mysqlUrl);
  assert.ok(Object.isFrozen(typed.produce));
});

test('a source set in code is checked like one from a flag: mastodon without an instance is a CONFIG error naming the flag', () => {
  assert.throws(
    () => stageConfigsFor(connection, { produce: { source: 'mastodon' } }, {}),
    (error: unknown) =>
      isAppError(error) &&
      error.code === ErrorCode.CONFIG &&
      /--instance \(env MASTODON_INSTANCE\): required for --source mastodon/.test(error.message),
  );
  assert.equal(
    stageConfigsFor(connection, { produce: { source: 'mastodon' } }, { MASTODON_INSTANCE: 'https://mastodon.social' }).produce.source,
    'mastodon',
  );
});
