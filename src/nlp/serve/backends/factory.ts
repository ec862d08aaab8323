import type { TaskBackends } from '../tasks/sentiment-task.ts';
import type { ZeroShotBackends } from '../tasks/topic-task.ts';
import type { LocalPipelineOptions } from './local-pipeline.ts';

/**
 * Builds the backend a task config names. Modules load on first use: a config that never names
 * `hf` never loads the inference client, and the default config loads neither.
 */
export function defaultTaskBackends(options: { threads?: number } = {}): TaskBackends & ZeroShotBackends {
  return {
    async textClassification(config) {
      if (config.backend === 'hf') return (await import('./hf.ts')).createHfTextClassification(config);
      return (await import('./local-pipeline.ts')).loadLocalTextClassification(pipelineOptions(config, options.threads));
    },
    async zeroShot(config) {
      if (config.backend === 'hf') return (await import('./hf.ts')).createHfZeroShot(config);
      return (await import('./local-pipeline.ts')).loadLocalZeroShot(pipelineOptions(config, options.threads));
    },
  };
}

/** The pipeline's own options out of a task config (which also carries method, labels, thresholds...). */
function pipelineOptions(
  config: { model: string; dtype?: LocalPipelineOptions['dtype']; allowRemote: boolean; batchSize?: number },
  threads?: number,
): LocalPipelineOptions {
  return { model: config.model, dtype: config.dtype, allowRemote: config.allowRemote, batchSize: config.batchSize, threads };
}
