import { availableParallelism } from 'node:os';

/**
 * onnxruntime session options for every local model: `threads` intra-op threads (default: every
 * core), one inter-op thread, and no spin-waiting. By default onnxruntime's pool threads spin between parallel sections
 * instead of sleeping; on a machine whose cores the model shares with Kafka clients, the broker, the
 * sink and MySQL, those spins take CPU the others need. Measured with `npm run bench:e2e --
 * --skip-baseline --skip-latency` on 2 cores, alternating: end to end 453 and 520 posts/s spinning,
 * 510 and 580 without, while model-only stayed within run-to-run noise (docs/benchmarks.md).
 */
export function sessionOptions(threads = availableParallelism()) {
  const noSpin = { allow_spinning: '0' };
  return { intraOpNumThreads: threads, interOpNumThreads: 1, extra: { session: { intra_op: noSpin, inter_op: noSpin } } };
}
