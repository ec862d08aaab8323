/**
 * `npm run eval -- FILE [--task sentiment|topic] [--binary] [--json] [--label-map ...] [--taxonomy FILE]`
 * Evaluates the configured models on a labeled file. `--help` lists every option.
 */

import { runScript } from '../src/config/script.ts';
import { AppError, ErrorCode } from '../src/errors/app-error.ts';
import type { LabeledData } from '../src/nlp/common/labeled-data.ts';
import { parseLabelMap, readLabeledData, TWEETEVAL_SENTIMENT_MAP } from '../src/nlp/common/labeled-data.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import { isSentiment, SENTIMENT_LABELS } from '../src/nlp/common/sentiment.ts';
import type { EvalConfig } from '../src/nlp/eval/eval-config.ts';
import { evalSpec } from '../src/nlp/eval/eval-config.ts';
import { formatReport } from '../src/nlp/eval/eval-report.ts';
import { EvalTask, evaluate } from '../src/nlp/eval/evaluate.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadClassifier } from '../src/nlp/serve/classifier.ts';
import { catalogTasks, loadCatalog } from '../src/nlp/serve/model-catalog.ts';
import { loadTaxonomy } from '../src/nlp/serve/taxonomy.ts';

async function main(config: Readonly<EvalConfig>, positionals: readonly string[]): Promise<number> {
  if (positionals.length !== 1)
    throw new AppError(ErrorCode.CONFIG, 'Name one labeled file, e.g. `npm run eval -- test/fixtures/topics-labeled.jsonl --task topic`');
  const map = config.labelMap ? await parseLabelMap(config.labelMap) : config.task === 'topic' ? {} : TWEETEVAL_SENTIMENT_MAP;
  const data = limit(await readLabeledData(positionals[0], { map }), config.limit);
  const task = config.task ?? (data.records.every((r) => r.labels.every(isSentiment)) ? EvalTask.SENTIMENT : EvalTask.TOPIC);
  if (config.binary && task !== EvalTask.SENTIMENT) throw new AppError(ErrorCode.CONFIG, '--binary applies to --task sentiment only');
  const modelsPath = config.models ?? defaultPaths.catalog;
  const topicConfig = catalogTasks(await loadCatalog(modelsPath), modelsPath).topic;
  const taxonomyPath = config.taxonomy ?? topicConfig.taxonomy ?? defaultPaths.taxonomy;
  const labels = task === EvalTask.SENTIMENT ? SENTIMENT_LABELS : (await loadTaxonomy(taxonomyPath)).topics.map((t) => t.id);
  const encoders = config.encoder ? config.encoder.split(',') : [undefined];
  await ensureModels({ encoders: encoders.filter((e) => e !== undefined), modelsDir: config.modelsDir, catalogPath: modelsPath });
  for (const [i, encoder] of encoders.entries()) {
    const classifier = await loadClassifier({
      modelsDir: config.modelsDir,
      catalogPath: modelsPath,
      encoder,
      taxonomyPath,
      headPath: config.head,
      topK: config.topK,
      topicFallback: config.fallback,
      threads: config.threads,
    });
    try {
      const report = await evaluate(classifier, data, {
        task,
        binary: config.binary,
        batchSize: config.batch,
        threshold: config.threshold ?? topicConfig.threshold,
        labels,
      });
      const model = task === EvalTask.SENTIMENT ? classifier.info.sentimentModel : classifier.info.topicModel;
      process.stdout.write(
        config.json
          ? `${JSON.stringify({ ...report, model, encoder: classifier.info.encoder })}\n`
          : `${i > 0 ? '\n' : ''}${formatReport(report, model)}`,
      );
    } finally {
      await classifier.close();
    }
  }
  return 0;
}

function limit(data: LabeledData, n: number): LabeledData {
  return n > 0 ? { ...data, records: data.records.slice(0, n) } : data;
}

await runScript(evalSpec, main);
