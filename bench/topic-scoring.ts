/**
 * `npm run bench:topics`: the cost of topic scoring per post, after the encoder: the softmax and
 * the `background` fallback's decision, as classify runs them, with the topic choice reading the
 * nearest exemplar of the 5 topics nearest by prototype (the default) and with the prototype alone
 * (reranked 0), passes interleaved in one process. Embeds the bundled sample once, then times
 * only the scoring. No services. Writes the "Topic scoring" section of docs/benchmarks.md unless
 * --no-write.
 *   npm run bench:topics -- [--file data/sample/tweets.jsonl] [--rounds 5] [--no-write]
 */
import { z } from 'zod';
import { runScript } from '../src/config/script.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { embedInBatches, loadEncoder } from '../src/nlp/serve/encoder.ts';
import { catalogTasks, loadCatalog, pickEncoder } from '../src/nlp/serve/model-catalog.ts';
import { loadTaxonomy } from '../src/nlp/serve/taxonomy.ts';
import { buildTopicScorer, RERANKED_TOPICS, type TopicScorer } from '../src/nlp/serve/topic-scorer.ts';
import { DEFAULT_SAMPLE } from '../src/produce/config.ts';
import { machineDescription, writeSection } from './docs-section.ts';
import { benchSpec } from './help.ts';
import { jsonlTexts } from './posts.ts';

const TAXONOMIES = ['config/taxonomy.json', 'test/fixtures/taxonomy-descriptions-only.json'];

const spec = benchSpec(import.meta.url, {
  options: {
    file: { flag: 'file', description: 'JSONL posts ({text} per line)', default: DEFAULT_SAMPLE },
    rounds: { flag: 'rounds', description: 'Timed passes per variant, interleaved; the median is kept', default: '5' },
    noWrite: { flag: 'no-write', type: 'boolean', description: 'Print the table only; leave docs/benchmarks.md alone' },
  },
  schema: z.strictObject({
    file: z.string().min(1).default(DEFAULT_SAMPLE),
    rounds: z.coerce.number().int().min(1).max(50).default(5),
    noWrite: z.boolean().default(false),
  }),
});

await runScript(spec, async (values) => {
  const texts = jsonlTexts(values.file);
  await ensureModels();
  const catalog = await loadCatalog(defaultPaths.catalog);
  const topic = catalogTasks(catalog, defaultPaths.catalog).topic;
  if (topic.method !== 'prototypes') throw new Error(`the model config's topic task is ${topic.method}, not prototypes: nothing to time`);
  const z = topic.backgroundZ;
  const spec = pickEncoder(catalog);
  const encoder = await loadEncoder(spec, { modelsDir: defaultPaths.modelsDir });
  const embeddings = await embedInBatches(encoder, texts, 64, (done) => process.stderr.write(`\rembedding ${done}/${texts.length}`));
  process.stderr.write('\n');
  const rows: string[] = [];
  for (const file of TAXONOMIES) {
    const taxonomy = await loadTaxonomy(file);
    const variants: Array<[string, TopicScorer]> = [
      [`nearest exemplar of ${RERANKED_TOPICS} topics (default)`, await buildTopicScorer(taxonomy, encoder, undefined, RERANKED_TOPICS)],
      ['prototype alone (reranked 0)', await buildTopicScorer(taxonomy, encoder, undefined, 0)],
    ];
    const pass = (scorer: TopicScorer) => {
      const started = performance.now();
      for (const e of embeddings) {
        scorer.score(e);
        scorer.standsOut(e, z);
      }
      return ((performance.now() - started) * 1000) / embeddings.length;
    };
    for (const [, scorer] of variants) pass(scorer); // warm-up
    const times = variants.map(() => [] as number[]);
    for (let r = 0; r < values.rounds; r++) for (const [i, [, scorer]] of variants.entries()) times[i]!.push(pass(scorer));
    for (const [i, [name]] of variants.entries()) {
      const sorted = [...times[i]!].sort((a, b) => a - b);
      rows.push(
        `| ${file} | ${name} | ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} | ${sorted.map((t) => t.toFixed(1)).join(', ')} |`,
      );
    }
  }
  await encoder.close();
  const text = [
    `Command: \`npm run bench:topics\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC. Topic scoring after the encoder (\`score\` and the background fallback's \`standsOut\` at z ${z}, as classify calls them) on the ${embeddings.length} posts of \`${values.file}\` embedded once by ${spec.name}; ${values.rounds} passes per variant, interleaved. Machine: ${machineDescription()}.`,
    '',
    '| taxonomy | topic choice | us per post (median) | passes |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  if (!values.noWrite) writeSection('Topic scoring (bench/topic-scoring.ts)', text);
});
