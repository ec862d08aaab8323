import assert from 'node:assert/strict';
import { test } from 'node:test';
import { securityFromEnv } from '../../src/config/security.ts';
import { ConsumerLagMonitor, parseLagTarget } from '../../src/dashboard/consumer-lag.ts';
import { createLogger } from '../../src/telemetry/log.ts';

test('a lag target splits at the first =', () => {
  assert.deepEqual(parseLagTarget('streamsense-sink=tweets.classified'), { group: 'streamsense-sink', topic: 'tweets.classified' });
});

test('with no targets the report is "disabled" and Kafka is never asked', async () => {
  const monitor = new ConsumerLagMonitor({
    security: securityFromEnv().kafka,
    brokers: ['127.0.0.1:1'],
    targets: [],
    log: createLogger('test'),
  });
  const report = await monitor.report();
  assert.equal(report.status, 'disabled');
  assert.equal(report.ok, true);
  assert.deepEqual(report.groups, []);
  await monitor.close();
});

test('an unreachable broker gives an "unavailable" report, cached, not an exception', async () => {
  const monitor = new ConsumerLagMonitor({
    security: securityFromEnv().kafka,
    brokers: ['127.0.0.1:1'],
    targets: [{ group: 'g', topic: 't' }],
    log: createLogger('test'),
    cacheMs: 60_000,
  });
  const [a, b] = await Promise.all([monitor.report(), monitor.report()]);
  assert.equal(a, b, 'concurrent callers share one round');
  assert.equal(a.status, 'unavailable');
  assert.equal(a.ok, false);
  assert.match(a.error ?? '', /^Kafka unavailable: /);
  assert.deepEqual(a.groups, [{ group: 'g', topic: 't', lag: null }]);
  assert.equal(await monitor.report(), a, 'served from the cache');
  await monitor.close();
});
