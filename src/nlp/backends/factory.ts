import type { TaskBackends } from '../tasks/sentiment-task.ts';
import type { ZeroShotBackends } from '../tasks/topic-task.ts';

/**
 * Builds the backend a task config names. Modules load on first use: a config that never names
 * `hf` never loads the inference client, and the default config loads neither.
 */
export function defaultTaskBackends(options: { threads?: number } = {}): TaskBackends & ZeroShotBackends {
  return {
    async textClassification(config) {
      if (config.backend === 'hf') return (await import('./hf.ts')).createHfTextClassification(config);
      return (await import('./local-pipeline.ts')).loadLocalTextClassification({ ...config, threads: options.threads });
    },
    async zeroShot(config) {
      if (config.backend === 'hf') return (await import('./hf.ts')).createHfZeroShot(config);
      return (await import('./local-pipeline.ts')).loadLocalZeroShot({ ...config, threads: options.threads });
    },
  };
}
