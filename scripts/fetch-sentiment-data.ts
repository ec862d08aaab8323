/**
 * Fetches the SemEval 2013-2016 Task 4 (subtask A, English) labeled tweets for training a sentiment
 * head, as one TSV (text<TAB>label), with every tweet of the TweetEval validation split removed so
 * that split stays a held-out evaluation set. Never the SemEval-2017 test set (TweetEval's test).
 *   npx tsx scripts/fetch-sentiment-data.ts [--out ../shared/data/semeval-2013-2016] [--git-dir DIR]
 * Source: github.com/cbaziotis/datastories-semeval2017-task4 (dataset/Subtask_A/downloaded), pinned
 * commit; over HTTPS, or with --git-dir from a local clone of that repository (offline machines).
 * The data is not committed: tweets remain subject to the platform's terms.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { runScript } from '../src/config/script.ts';
import { AppError, ErrorCode } from '../src/errors/app-error.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import { dedupe, parseSemEvalLines, SEMEVAL_TRAIN_FILES, tweetKey } from '../src/nlp/train/semeval-data.ts';

const REPO = 'cbaziotis/datastories-semeval2017-task4';
const COMMIT = 'faeee5fd1c2cf38e32179a4676dff53ae01adfa8';
const DIR = 'dataset/Subtask_A/downloaded';
const sharedData = resolve(defaultPaths.repoRoot, '../shared/data');

const spec = {
  command: 'tsx scripts/fetch-sentiment-data.ts',
  summary: 'Fetches SemEval 2013-2016 Task 4A English tweets into one TSV for scripts/train.ts, minus the TweetEval validation tweets.',
  options: {
    out: { flag: 'out', description: 'Output directory', default: '../shared/data/semeval-2013-2016' },
    gitDir: { flag: 'git-dir', description: `A local clone (or bare mirror) of github.com/${REPO} to read instead of HTTPS` },
    exclude: {
      flag: 'exclude',
      description: 'TweetEval-style dir whose tweets are removed',
      default: '../shared/data/tweeteval-sentiment-val',
    },
  },
  schema: z
    .object({
      out: z.string().default(join(sharedData, 'semeval-2013-2016')),
      gitDir: z.string().optional(),
      exclude: z.string().default(join(sharedData, 'tweeteval-sentiment-val')),
    })
    .strict(),
};

async function fetchFile(name: string, gitDir: string | undefined, commit: string): Promise<string> {
  if (gitDir)
    return execFileSync('git', ['--git-dir', gitDir, 'show', `${commit}:${DIR}/${name}`], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const url = `https://raw.githubusercontent.com/${REPO}/${commit}/${DIR}/${name}`;
  const response = await fetch(url).catch((cause: unknown) => {
    throw new AppError(ErrorCode.FETCH, `Cannot reach ${url}; on an offline machine pass --git-dir with a clone of ${REPO}`, {
      cause,
      retriable: true,
    });
  });
  if (!response.ok) throw new AppError(ErrorCode.FETCH, `${url}: HTTP ${response.status}`, { retriable: response.status >= 500 });
  return response.text();
}

await runScript(spec, async (config) => {
  const commit = config.gitDir
    ? execFileSync('git', ['--git-dir', config.gitDir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
    : COMMIT;
  const exclude = new Set((await readFile(join(config.exclude, 'val_text.txt'), 'utf8')).split('\n').map(tweetKey).filter(Boolean));
  const all = [];
  for (const name of SEMEVAL_TRAIN_FILES) all.push(...parseSemEvalLines(await fetchFile(name, config.gitDir, commit)));
  const { rows, excluded, duplicates } = dedupe(all, exclude);
  await mkdir(config.out, { recursive: true });
  await writeFile(join(config.out, 'train.tsv'), `${rows.map((r) => `${r.text.replace(/[\t\n]/g, ' ')}\t${r.label}`).join('\n')}\n`);
  const counts = Object.fromEntries(['negative', 'neutral', 'positive'].map((l) => [l, rows.filter((r) => r.label === l).length]));
  const source = {
    repo: REPO,
    commit,
    files: SEMEVAL_TRAIN_FILES,
    read: all.length,
    excludedAsTweetEvalVal: excluded,
    duplicates,
    kept: rows.length,
    counts,
  };
  await writeFile(join(config.out, 'SOURCE.json'), `${JSON.stringify(source, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(source)}\n`);
});
