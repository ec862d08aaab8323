import { startHealthServer } from './health-server.ts';
import { createLogger, type Logger } from './log.ts';
import { MetricsRegistry } from './metrics.ts';
import { shutdownSignal } from './shutdown.ts';

/**
 * What every long-running stage script does around its stage: a logger, a metrics registry
 * exposed on /metrics and /healthz, and Ctrl-C handling.
 */
export async function runStage(
  name: string,
  metricsPort: number,
  stage: (deps: { signal: AbortSignal; logger: Logger; metrics: MetricsRegistry }) => Promise<unknown>,
): Promise<void> {
  const logger = createLogger(name);
  const metrics = new MetricsRegistry();
  const signal = shutdownSignal((s) => logger.info(`${s} received: finishing the in-flight batch, committing, disconnecting`));
  const health =
    metricsPort >= 0
      ? await startHealthServer({ host: '127.0.0.1', port: metricsPort, metrics, healthy: () => ({ ok: !signal.aborted }) })
      : undefined;
  if (health) logger.info('health and metrics', { url: `http://127.0.0.1:${health.port}/metrics` });
  try {
    await stage({ signal, logger, metrics });
  } finally {
    await health?.close();
  }
}
