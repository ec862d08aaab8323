import { runScript } from '../src/config/script.ts';
import { securityFromEnv } from '../src/config/security.ts';
import { produce } from '../src/produce/app.ts';
import { produceSpec } from '../src/produce/config.ts';
import { createLogger } from '../src/telemetry/log.ts';
import { MetricsRegistry } from '../src/telemetry/metrics.ts';
import { createProgressPrinter } from '../src/telemetry/progress.ts';
import { shutdownSignal } from '../src/telemetry/shutdown.ts';

await runScript(produceSpec, async (config) => {
  const logger = createLogger('produce');
  const signal = shutdownSignal((s) => logger.info(`${s} received: flushing and stopping`));
  const progress = createProgressPrinter('produce', 'posts');
  logger.info('starting', { source: config.source, file: config.source === 'file' ? config.file : undefined, topic: config.topic });
  const stats = await produce(config, {
    signal,
    logger,
    metrics: new MetricsRegistry(),
    security: securityFromEnv(),
    onProgress: (s) => progress.update(s.produced, { invalid: s.invalid, deleted: s.deleted }),
  });
  progress.done();
  process.stdout.write(
    `${JSON.stringify({ read: stats.read, produced: stats.produced, invalid: stats.invalid, deleted: stats.deleted })}\n`,
  );
});
