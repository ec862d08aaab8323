/**
 * Writes the bundled sample posts: data/sample/tweets.jsonl (+ 5 invalid lines at the end),
 * tweets.csv and tweets-twitter-v2.json. Deterministic: same seed, same bytes.
 *
 *   npx tsx tools/sample/generate.ts [--out data/sample] [--seed 20200315]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { CliSpec } from '../../src/config/cli.ts';
import { runScript } from '../../src/config/script.ts';
import { createAccounts, createAuthorPicker } from './authors.ts';
import { extraDrafts, poolDrafts } from './compose.ts';
import { LONG, NON_ENGLISH, ODD } from './extras.ts';
import type { Published } from './formats.ts';
import { pickSubset, toCsv, toJsonLine, toTwitterV2 } from './formats.ts';
import { hashtagsOf } from './hashtags.ts';
import { INVALID_LINES } from './invalid.ts';
import { engagement } from './metrics.ts';
import { POOLS } from './pools/index.ts';
import type { Rng } from './rng.ts';
import { createRng } from './rng.ts';
import { orderIsh, pickTime, snowflake } from './schedule.ts';
import type { Draft } from './types.ts';
import { TOPIC_IDS } from './types.ts';

interface Timed {
  draft: Draft;
  time: Date;
}

function publish(timed: Timed[], rng: Rng): (Published & { draft: Draft })[] {
  const accounts = createAccounts(rng);
  const authorFor = createAuthorPicker(accounts, rng);
  const ids = new Set<string>();
  return timed.map(({ draft, time }) => {
    let id = snowflake(time, rng);
    while (ids.has(id)) id = snowflake(time, rng);
    ids.add(id);
    const author = authorFor(draft);
    const tweet = {
      id,
      text: draft.text,
      created_at: time.toISOString(),
      author: { id: author.id, handle: author.handle },
      lang: draft.lang,
      hashtags: hashtagsOf(draft.text),
      metrics: engagement(rng, draft.sentiment === 'neutral'),
    };
    return { tweet, author, draft };
  });
}

function summary(items: readonly { draft: Draft }[]): Record<string, Record<string, number>> {
  const table: Record<string, Record<string, number>> = {};
  for (const topic of [...TOPIC_IDS, 'none']) table[topic] = { positive: 0, negative: 0, neutral: 0, total: 0 };
  for (const { draft } of items) {
    const row = table[draft.topic];
    row[draft.sentiment]++;
    row.total++;
  }
  return table;
}

const generateSpec = {
  command: 'npx tsx tools/sample/generate.ts',
  summary: `Writes the bundled sample posts: <out>/tweets.jsonl (+ 5 invalid lines at the end), tweets.csv
and tweets-twitter-v2.json. Deterministic: same seed, same bytes.`,
  options: {
    out: { flag: 'out', description: 'folder the files are written to', default: 'data/sample', example: 'data/sample' },
    seed: { flag: 'seed', description: 'seed of the generator', default: '20200315', example: '20200315' },
  },
  schema: z.strictObject({
    out: z.string().min(1).default('data/sample'),
    seed: z.coerce.number().int().default(20200315),
  }),
} satisfies CliSpec<z.ZodType>;

function main(values: Readonly<z.infer<typeof generateSpec.schema>>): void {
  const rng = createRng(values.seed);
  const seen = new Set<string>();
  const handles = createAccounts(createRng(1)).map((a) => a.handle);
  const drafts = [...poolDrafts(POOLS, rng, seen, handles), ...extraDrafts([...NON_ENGLISH, ...ODD, ...LONG], seen)];
  const timed = orderIsh(
    drafts.map((draft) => ({ draft, time: pickTime(draft.from, draft.to, rng) })),
    rng,
  );
  const published = publish(timed, rng);

  mkdirSync(values.out, { recursive: true });
  const lines = [...published.map((p) => toJsonLine(p.tweet)), ...INVALID_LINES.map((i) => i.line)];
  writeFileSync(join(values.out, 'tweets.jsonl'), `${lines.join('\n')}\n`);

  const hasQuote = (p: Published) => p.tweet.text.includes('"');
  const hasNewline = (p: Published) => p.tweet.text.includes('\n');
  const hasComma = (p: Published) => p.tweet.text.includes(',');
  const foreign = (p: Published) => !['en', 'und'].includes(p.tweet.lang);
  const csvRows = pickSubset(published, [hasQuote, hasQuote, hasNewline, hasNewline, hasComma, hasComma, foreign], 20, rng);
  writeFileSync(join(values.out, 'tweets.csv'), toCsv(csvRows));

  const tagged = (p: Published) => p.tweet.hashtags.length > 0;
  const rtl = (p: Published) => p.tweet.lang === 'ar' && tagged(p);
  const emojiTagged = (p: Published) => tagged(p) && /\p{Extended_Pictographic}/u.test(p.tweet.text);
  const v2Rows = pickSubset(published, [rtl, emojiTagged, tagged, tagged, tagged, tagged, tagged, tagged, foreign, hasNewline], 20, rng);
  writeFileSync(join(values.out, 'tweets-twitter-v2.json'), toTwitterV2(v2Rows));

  console.log(`valid posts: ${published.length}, invalid lines: ${INVALID_LINES.length} (lines ${published.length + 1}-${lines.length})`);
  console.table(summary(published));
}

await runScript(generateSpec, async (config) => main(config));
