import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultPaths } from '../../../src/nlp/common/paths.ts';
import { catalogTasks, loadCatalog, taskEncoders } from '../../../src/nlp/serve/model-catalog.ts';
import { defaultTasks, tasksSchema } from '../../../src/nlp/serve/model-config.ts';

describe('model config (config/models.json tasks)', () => {
  it('the committed config parses: head + prototypes on the default encoder, with the other floor', async () => {
    const catalog = await loadCatalog(defaultPaths.catalog);
    const tasks = catalogTasks(catalog, defaultPaths.catalog);
    assert.equal(tasks.sentiment.method, 'head');
    assert.equal(tasks.topic.method, 'prototypes');
    assert.equal(tasks.topic.taxonomy, defaultPaths.taxonomy, 'taxonomy path resolved against the config file');
    assert.deepEqual(taskEncoders(catalog), [catalog.default]);
  });

  it('fills defaults for a minimal hf + zero-shot config', () => {
    const tasks = tasksSchema.parse({
      sentiment: { backend: 'hf', method: 'text-classification', model: 'cardiffnlp/twitter-roberta-base-sentiment-latest' },
      topic: { backend: 'local', method: 'zero-shot', model: './nli' },
    });
    assert.equal(
      tasks.sentiment.method === 'text-classification' && tasks.sentiment.backend === 'hf' && tasks.sentiment.tokenEnv,
      'HF_TOKEN',
    );
    assert.equal(tasks.topic.method === 'zero-shot' && tasks.topic.hypothesisTemplate, 'This example is about {}.');
    assert.equal(tasks.topic.topK, 3);
    assert.equal(tasks.topic.otherBelow, 0);
  });

  it('rejects a wrong backend/method pair, a bad endpoint URL and unknown keys, naming each path', () => {
    const bad = tasksSchema.safeParse({
      sentiment: { backend: 'hf', method: 'text-classification', model: 'm', endpointUrl: 'not a url' },
      topic: { backend: 'local', method: 'prototypes', temprature: 0.1 },
    });
    assert.equal(bad.success, false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    assert.ok(
      paths.some((p) => p.includes('endpointUrl')),
      paths.join(','),
    );
    assert.ok(bad.error!.issues.some((i) => JSON.stringify(i).includes('temprature')));
    assert.equal(tasksSchema.safeParse({ sentiment: { backend: 'hf', method: 'head' }, topic: defaultTasks().topic }).success, false);
  });

  it('a config whose tasks run no local encoder needs none fetched; relative model dirs resolve against the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'models-config-'));
    const path = join(dir, 'models.json');
    const base = JSON.parse(JSON.stringify(await loadCatalog(defaultPaths.catalog)));
    base.tasks = {
      sentiment: { backend: 'local', method: 'text-classification', model: './sentiment-model' },
      topic: { backend: 'hf', method: 'zero-shot', model: 'facebook/bart-large-mnli', endpointUrl: 'http://127.0.0.1:9/' },
    };
    await writeFile(path, JSON.stringify(base));
    const catalog = await loadCatalog(path);
    assert.deepEqual(taskEncoders(catalog), []);
    const tasks = catalogTasks(catalog, path);
    assert.equal(tasks.sentiment.method === 'text-classification' && tasks.sentiment.model, join(dir, 'sentiment-model'));
    assert.equal(tasks.topic.method === 'zero-shot' && tasks.topic.model, 'facebook/bart-large-mnli', 'a hub id stays a hub id');
  });
});
