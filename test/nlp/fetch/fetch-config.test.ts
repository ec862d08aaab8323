import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { parseCli } from '../../../src/config/cli.ts';
import { fetchModelsSpec } from '../../../src/nlp/fetch/fetch-config.ts';

describe('fetch-models command line', () => {
  it('takes encoder names as positionals, or --all', () => {
    const named = parseCli(fetchModelsSpec, ['e5-small-v2-q', 'all-minilm-l6-v2-q'], {});
    assert.ok('config' in named);
    assert.deepEqual(named.positionals, ['e5-small-v2-q', 'all-minilm-l6-v2-q']);
    assert.equal(named.config.all, false);
    const all = parseCli(fetchModelsSpec, ['--all'], {});
    assert.ok('config' in all && all.config.all);
  });

  it('rejects an unknown flag instead of taking it for an encoder name', () => {
    assert.throws(() => parseCli(fetchModelsSpec, ['--al'], {}), /Unknown option '--al'/);
  });

  it('scripts/fetch-models.ts --help prints its usage and exits 0, fetching nothing', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/fetch-models.ts', '--help'], {
      encoding: 'utf8',
      env: { ...process.env, STREAMSENSE_MODELS_DIR: '/nonexistent/models' },
    });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Usage: npx tsx scripts\/fetch-models.ts \[ENCODER \.\.\.\]/);
    assert.match(r.stdout, /--all/);
  });
});
