import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultMysqlUrl, parseDashboardConfig } from '../../src/dashboard/config.ts';
import { ErrorCode, isAppError } from '../../src/errors/app-error.ts';

function config(argv: string[], env: Record<string, string> = {}) {
  const parsed = parseDashboardConfig(argv, env);
  assert.equal(parsed.help, false);
  return parsed.help ? undefined! : parsed.config;
}

test('defaults bind to loopback on 3000 with no token', () => {
  const c = config([]);
  assert.equal(c.host, '127.0.0.1');
  assert.equal(c.port, 3000);
  assert.equal(c.token, undefined);
  assert.equal(c.mysqlUrl, defaultMysqlUrl);
  assert.equal(c.table, 'classifications');
  assert.deepEqual(c.metricsUrls, ['classify=http://127.0.0.1:9464/metrics', 'sink=http://127.0.0.1:9465/metrics']);
  assert.deepEqual(c.brokers, ['127.0.0.1:19092']);
  assert.deepEqual(c.lagGroups, ['streamsense-classify=tweets.raw', 'streamsense-sink=tweets.classified']);
  assert.ok(Object.isFrozen(c));
  assert.ok(Object.isFrozen(c.lagGroups));
});

test('flags win over environment variables', () => {
  const c = config(['--port', '4000', '--table', 'other_table'], {
    STREAMSENSE_DASHBOARD_PORT: '5000',
    STREAMSENSE_DASHBOARD_TOKEN: 'secret-token',
    MYSQL_URL: 'mysql://u:p@db:3306/x',
  });
  assert.equal(c.port, 4000);
  assert.equal(c.table, 'other_table');
  assert.equal(c.token, 'secret-token');
  assert.equal(c.mysqlUrl, 'mysql://u:p@db:3306/x');
});

test('metrics URLs come comma-separated from env or repeated flags', () => {
  assert.deepEqual(config([], { STREAMSENSE_METRICS_URLS: 'a=http://h:1/m, b=http://h:2/m' }).metricsUrls, [
    'a=http://h:1/m',
    'b=http://h:2/m',
  ]);
  assert.deepEqual(config(['--metrics-url', 'x=http://h/1', '--metrics-url', 'y=http://h/2']).metricsUrls, [
    'x=http://h/1',
    'y=http://h/2',
  ]);
  assert.deepEqual(config([], { STREAMSENSE_METRICS_URLS: 'none' }).metricsUrls, []);
  assert.deepEqual(config(['--metrics-url', 'none']).metricsUrls, []);
  assert.throws(
    () => config(['--metrics-url', 'http://no-name/metrics']),
    /--metrics-url \(env STREAMSENSE_METRICS_URLS\): expected name=http/,
  );
});

test('lag groups and brokers come from env or flags; "none" turns lag off', () => {
  const fromEnv = config([], { KAFKA_BROKERS: 'k1:9092,k2:9092', STREAMSENSE_DASHBOARD_LAG_GROUPS: 'g1=t1, g2=t.2' });
  assert.deepEqual(fromEnv.brokers, ['k1:9092', 'k2:9092']);
  assert.deepEqual(fromEnv.lagGroups, ['g1=t1', 'g2=t.2']);
  const fromFlags = config(['--brokers', 'k3:1', '--lag-group', 'a=x', '--lag-group', 'b=y'], { KAFKA_BROKERS: 'k1:9092' });
  assert.deepEqual(fromFlags.brokers, ['k3:1']);
  assert.deepEqual(fromFlags.lagGroups, ['a=x', 'b=y']);
  assert.deepEqual(config(['--lag-group', 'none']).lagGroups, []);
  assert.throws(() => config(['--lag-group', 'no-topic']), /--lag-group \(env STREAMSENSE_DASHBOARD_LAG_GROUPS\): expected group=topic/);
  assert.throws(() => config(['--brokers', 'nohost']), /--brokers \(env KAFKA_BROKERS\): each broker must be host:port/);
});

test('every problem is reported at once, naming the flag, variable and an example', () => {
  assert.throws(
    () => parseDashboardConfig(['--port', 'abc', '--table', 'bad-name;'], { STREAMSENSE_DASHBOARD_TOKEN: 'short' }),
    (error: unknown) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, ErrorCode.CONFIG);
      assert.match(error.message, /--port \(env STREAMSENSE_DASHBOARD_PORT\)/);
      assert.match(error.message, /--table \(env STREAMSENSE_DASHBOARD_TABLE\)/);
      assert.match(error.message, /--token \(env STREAMSENSE_DASHBOARD_TOKEN\): use at least 8 characters/);
      return true;
    },
  );
});

test('unknown flags are rejected with the usage text; --help asks for it', () => {
  assert.throws(() => parseDashboardConfig(['--prot', '1'], {}), /Unknown option '--prot'[\s\S]*Usage:/);
  assert.deepEqual(parseDashboardConfig(['--help'], {}), { help: true });
});
