/**
 * Picks the background fallback's z on data written for tuning, never on the labeled fixtures
 * (test/fixtures: their figures come from `npm run eval`). Three sets, all from this repository:
 * - the bundled sample: every English sample post with the topic the generator wrote it for;
 * - short posts: each opening sentence ("lead") of the generator's pools once, bare (no reaction,
 *   hashtag or mention), with its pool's topic: the short on-topic posts that stand out least;
 * - off-topic posts (off-topic-tuning.ts): about none of the 14 topics.
 * For each z on a grid and each taxonomy it prints the sample's top-1 without and with the fallback
 * and its share sent to `other`, the short posts' share to `other` and the off-topic posts' share
 * to `other`, and the rule's pick: the largest z that, under every taxonomy, sends at most
 * --max-short of the short posts and at most --max-other of the sample posts to `other` and costs at
 * most --max-drop of the sample's top-1. The off-topic share is what that z buys.
 *
 *   npx tsx tools/topics/fallback-grid.ts [--encoder minilm-tweet-q] [--taxonomy config/taxonomy.json
 *       --taxonomy test/fixtures/taxonomy-descriptions-only.json] [--max-short 0.05] [--max-other 0.025]
 *       [--max-drop 0.015]
 */
import { z } from 'zod';
import type { CliSpec } from '../../src/config/cli.ts';
import { runScript } from '../../src/config/script.ts';
import { defaultPaths } from '../../src/nlp/common/paths.ts';
import { embedInBatches, loadEncoder } from '../../src/nlp/serve/encoder.ts';
import { loadCatalog, pickEncoder } from '../../src/nlp/serve/model-catalog.ts';
import { loadTaxonomy } from '../../src/nlp/serve/taxonomy.ts';
import { buildTopicScorer } from '../../src/nlp/serve/topic-scorer.ts';
import { createAccounts } from '../sample/authors.ts';
import { extraDrafts, poolDrafts } from '../sample/compose.ts';
import { LONG, NON_ENGLISH, ODD } from '../sample/extras.ts';
import { parseFragment, spin } from '../sample/fragment.ts';
import { POOLS } from '../sample/pools/index.ts';
import { createRng } from '../sample/rng.ts';
import { OFF_TOPIC_TUNING } from './off-topic-tuning.ts';

const pct = (share: number, digits = 1) => `${(100 * share).toFixed(digits)}%`;

const spec = {
  command: 'npx tsx tools/topics/fallback-grid.ts',
  summary: 'Figures of the background topic fallback per z on the labeled bundled sample, and the z the rule picks.',
  options: {
    encoder: { flag: 'encoder', description: 'Encoder from config/models.json (default: its default)' },
    taxonomies: {
      flag: 'taxonomy',
      multiple: true,
      description: 'Taxonomy file(s); repeat the flag',
      default: 'config/taxonomy.json and test/fixtures/taxonomy-descriptions-only.json',
    },
    maxDrop: { flag: 'max-drop', description: 'Largest top-1 cost of the fallback allowed', default: '0.015' },
    maxOther: { flag: 'max-other', description: 'Largest share of the sample posts sent to other allowed', default: '0.025' },
    maxShort: { flag: 'max-short', description: 'Largest share of the short on-topic posts sent to other allowed', default: '0.05' },
    seed: { flag: 'seed', description: 'Sample generator seed (the bundled sample: 20200315)', default: '20200315' },
  },
  schema: z.object({
    encoder: z.string().optional(),
    taxonomies: z.array(z.string()).default(['config/taxonomy.json', 'test/fixtures/taxonomy-descriptions-only.json']),
    maxDrop: z.coerce.number().min(0).max(1).default(0.015),
    maxOther: z.coerce.number().min(0).max(1).default(0.025),
    maxShort: z.coerce.number().min(0).max(1).default(0.05),
    seed: z.coerce.number().int().default(20200315),
  }),
} satisfies CliSpec<z.ZodType>;

/** The English sample posts with the topic each was written for (the generator's own draws). */
function labeledSample(seed: number): Array<{ text: string; topic: string }> {
  const rng = createRng(seed);
  const handles = createAccounts(createRng(1)).map((a) => a.handle);
  const drafts = [...poolDrafts(POOLS, rng, new Set(), handles), ...extraDrafts([...NON_ENGLISH, ...ODD, ...LONG], new Set())];
  return drafts.filter((d) => d.lang === 'en' && d.topic !== 'none').map((d) => ({ text: d.text, topic: d.topic }));
}

/** Every lead of every pool cell once, spun with its own seed, bare: short on-topic posts. */
function shortPosts(seed: number): Array<{ text: string; topic: string }> {
  const rng = createRng(seed);
  const sentiments = ['positive', 'negative', 'neutral'] as const;
  return POOLS.flatMap((pool) =>
    sentiments.flatMap((s) => pool[s].leads.map((lead) => ({ text: spin(parseFragment(lead).text, rng), topic: pool.id }))),
  );
}

await runScript(spec, async (config) => {
  const posts = labeledSample(config.seed);
  const short = shortPosts(config.seed);
  const encoder = await loadEncoder(pickEncoder(await loadCatalog(defaultPaths.catalog), config.encoder), {
    modelsDir: defaultPaths.modelsDir,
  });
  const embed = (texts: readonly string[]) => embedInBatches(encoder, texts, 32);
  const embeddings = await embed(posts.map((p) => p.text));
  const shortEmbeddings = await embed(short.map((p) => p.text));
  const offEmbeddings = await embed(OFF_TOPIC_TUNING);
  const grid = Array.from({ length: 31 }, (_, i) => Math.round((0.5 + i * 0.1) * 10) / 10);
  const rows = new Map<number, string[]>(grid.map((z) => [z, []]));
  const ok = new Map<number, boolean>(grid.map((z) => [z, true]));
  for (const file of config.taxonomies) {
    const taxonomy = await loadTaxonomy(file);
    const scorer = await buildTopicScorer(taxonomy, encoder); // the prototypes and background levels classify uses
    const scored = embeddings.map((e, i) => {
      const best = scorer.score(e).reduce((a, b) => (b.score > a.score ? b : a));
      return { right: best.topic === posts[i]!.topic, standout: scorer.standout(e) };
    });
    const plain = scored.filter((s) => s.right).length / scored.length;
    const shortStandout = shortEmbeddings.map((e) => scorer.standout(e));
    const offStandout = offEmbeddings.map((e) => scorer.standout(e));
    const below = (xs: readonly number[], z: number) => xs.filter((x) => x < z).length / xs.length;
    for (const z of grid) {
      const other = scored.filter((s) => s.standout < z).length / scored.length;
      const top1 = scored.filter((s) => s.right && s.standout >= z).length / scored.length;
      const shortOther = below(shortStandout, z);
      if (plain - top1 > config.maxDrop || other > config.maxOther || shortOther > config.maxShort) ok.set(z, false);
      rows
        .get(z)!
        .push(`${plain.toFixed(3)} ${top1.toFixed(3)} ${pct(other)} short ${pct(shortOther)} off-topic ${pct(below(offStandout, z), 0)}`);
    }
  }
  process.stdout.write(
    `${posts.length} labeled sample posts, ${short.length} short posts, ${OFF_TOPIC_TUNING.length} off-topic posts; per taxonomy (${config.taxonomies.join(', ')}): sample top-1 without / with the fallback and share to other, short posts to other, off-topic posts to other\n`,
  );
  for (const z of grid) process.stdout.write(`z ${z.toFixed(1)} ${ok.get(z) ? 'ok' : '  '} | ${rows.get(z)!.join(' | ')}\n`);
  const picked = grid.filter((z) => ok.get(z)).at(-1);
  process.stdout.write(`picked backgroundZ: ${picked ?? 'none on the grid'}\n`);
  await encoder.close();
});
