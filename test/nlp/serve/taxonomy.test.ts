import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../../src/errors/app-error.ts';
import { defaultPaths } from '../../../src/nlp/common/paths.ts';
import { ensureModels } from '../../../src/nlp/fetch/model-fetch.ts';
import { loadClassifier } from '../../../src/nlp/serve/classifier.ts';
import { descriptionPhrases, loadTaxonomy, prototypeTexts } from '../../../src/nlp/serve/taxonomy.ts';

const small = {
  topics: [
    { id: 'cooking', label: 'Cooking', description: 'Recipes, baking, kitchens and food.', examples: ['Baked sourdough bread today'] },
    { id: 'cars', label: 'Cars', description: 'Cars, driving, engines and traffic.', examples: ['My car broke down on the highway'] },
    {
      id: 'astronomy',
      label: 'Astronomy',
      description: 'Stars, planets, telescopes and space.',
      examples: ['Saw Jupiter through my telescope'],
    },
  ],
};

describe('taxonomy files', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'taxonomy-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('loads the default 14-topic taxonomy', async () => {
    const tax = await loadTaxonomy(defaultPaths.taxonomy);
    assert.equal(tax.topics.length, 14);
    assert.ok(tax.topics.some((t) => t.id === 'sports_entertainment'));
    assert.ok(tax.topics.every((t) => t.examples.length >= 3));
  });

  it('builds prototypes from label, description and examples', () => {
    assert.deepEqual(prototypeTexts(small.topics[0]), ['Cooking: Recipes, baking, kitchens and food.', 'Baked sourdough bread today']);
  });

  it("lists the description's items under its lead, the label when the description has no colon", () => {
    const masks = {
      id: 'masks',
      label: 'Masks',
      description: 'Face masks and face coverings: mask mandates, N95 and cloth masks; mask debates.',
      examples: [],
    };
    assert.deepEqual(descriptionPhrases(masks), [
      'Face masks and face coverings: mask mandates',
      'Face masks and face coverings: N95',
      'Face masks and face coverings: cloth masks',
      'Face masks and face coverings: mask debates',
    ]);
    assert.deepEqual(descriptionPhrases(small.topics[0]), ['Cooking: Recipes', 'Cooking: baking', 'Cooking: kitchens', 'Cooking: food']);
    // a description that is one item is already the prototype text: nothing is added
    assert.deepEqual(descriptionPhrases({ id: 'x', label: 'Sports', description: 'matches', examples: [] }), []);
  });

  it('rejects an invalid file listing every problem with its path', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(
      path,
      JSON.stringify({
        topics: [
          { id: 'Bad Id', label: 'x' },
          { id: 'ok', label: 'Ok', description: 'd', extra: 1 },
        ],
      }),
    );
    await assert.rejects(loadTaxonomy(path), (error: unknown) => {
      assert.ok(isAppError(error));
      assert.equal(error.code, 'CONFIG');
      assert.match(error.message, /Invalid taxonomy file .*bad\.json/);
      assert.match(error.message, /topics\.0\.id/);
      assert.match(error.message, /topics\.0\.description/);
      assert.match(error.message, /topics\.1/);
      return true;
    });
  });

  it('rejects duplicate ids and broken JSON', async () => {
    const dup = join(dir, 'dup.json');
    await writeFile(dup, JSON.stringify({ topics: [small.topics[0], small.topics[0]] }));
    await assert.rejects(loadTaxonomy(dup), /duplicate topic id "cooking"/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"topics": [');
    await assert.rejects(loadTaxonomy(broken), /not valid JSON/);
  });

  it('swapping the file changes the labels with no code change', async () => {
    await ensureModels();
    const path = join(dir, 'small.json');
    await writeFile(path, JSON.stringify(small));
    const classifier = await loadClassifier({ taxonomyPath: path, topK: 5 });
    try {
      const out = await classifier.classify([
        'Made a lasagna with fresh pasta for dinner',
        'The new moon and Saturn were visible through the telescope tonight',
      ]);
      assert.deepEqual(
        out.map((p) => p.topic.label),
        ['cooking', 'astronomy'],
      );
      assert.equal(out[0].topic.top.length, 3, 'top-k is capped by the number of topics');
      assert.match(classifier.info.topicModel, /3-topics/);
    } finally {
      await classifier.close();
    }
  });

  it('loadClassifier fails fast with the taxonomy error', async () => {
    await assert.rejects(loadClassifier({ taxonomyPath: join(dir, 'missing.json') }), /Cannot read taxonomy file/);
  });
});
