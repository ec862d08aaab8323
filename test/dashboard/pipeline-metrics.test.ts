import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMetricsEntry, parsePrometheus } from '../../src/dashboard/pipeline-metrics.ts';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';

test('Prometheus text is summed per metric over labels, buckets dropped, prefix removed', () => {
  const registry = new MetricsRegistry();
  const consumed = registry.counter('records_consumed_total', 'consumed');
  consumed.inc({ partition: '0' }, 3);
  consumed.inc({ partition: '1' }, 4);
  const latency = registry.histogram('model_batch_ms', 'latency', [10, 100]);
  latency.observe(5);
  latency.observe(50);
  registry.gauge('consumer_lag', 'lag').set(12, { group: 'g' });
  assert.deepEqual(parsePrometheus(registry.render()), {
    records_consumed_total: 7,
    model_batch_ms_sum: 55,
    model_batch_ms_count: 2,
    consumer_lag: 12,
  });
});

test('comments, blank lines and non-numeric samples are ignored', () => {
  assert.deepEqual(parsePrometheus('# HELP x y\n\nfoo{a="b c"} 2\nbar NaN\nbaz 1e3\n'), { foo: 2, baz: 1000 });
});

test('a metrics entry splits at the first =', () => {
  assert.deepEqual(parseMetricsEntry('sink=http://h:1/m?a=b'), { name: 'sink', url: 'http://h:1/m?a=b' });
});
