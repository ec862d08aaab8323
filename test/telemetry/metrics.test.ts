import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MetricsRegistry } from '../../src/telemetry/metrics.ts';

test('renders counters with labels and histograms in Prometheus text format', () => {
  const m = new MetricsRegistry();
  const c = m.counter('dead_letters_total', 'dead letters');
  c.inc({ stage: 'sink', error: 'DECODE' });
  c.inc({ stage: 'sink', error: 'DECODE' }, 2);
  const h = m.histogram('batch_size', 'posts per batch', [1, 8, 32]);
  h.observe(5);
  h.observe(40);
  const text = m.render();
  assert.match(text, /# TYPE streamsense_dead_letters_total counter/);
  assert.match(text, /streamsense_dead_letters_total\{error="DECODE",stage="sink"\} 3/);
  assert.match(text, /streamsense_batch_size_bucket\{le="8"\} 1\n/);
  assert.match(text, /streamsense_batch_size_bucket\{le="\+Inf"\} 2\n/);
  assert.match(text, /streamsense_batch_size_sum 45\n/);
  assert.equal(c.total(), 3);
});

test('asking for the same metric twice returns the same series', () => {
  const m = new MetricsRegistry();
  m.counter('x_total', 'x').inc();
  m.counter('x_total', 'x').inc();
  assert.equal(m.counter('x_total', 'x').get(), 2);
});
