import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifySpec } from '../../src/classify/config.ts';
import { parseCli } from '../../src/config/cli.ts';
import { type ProduceConfig, produceSpec } from '../../src/produce/config.ts';
import { type StartConfig, startSpec } from '../../src/start/config.ts';

const produce = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseCli(produceSpec, argv, env);

test('bluesky needs nothing; --lang defaults to en, * keeps all, lists are split', () => {
  const a = produce(['--source', 'bluesky']);
  assert.ok('config' in a);
  const c = a.config as ProduceConfig;
  assert.deepEqual(
    [c.source, c.lang, c.rewindMs, c.jetstreamUrl],
    ['bluesky', ['en'], 5000, 'wss://jetstream1.us-east.bsky.network/subscribe'],
  );
  assert.equal((produce(['--source', 'bluesky', '--lang', '*']) as { config: ProduceConfig }).config.lang, null);
  assert.deepEqual(
    (produce(['--source', 'bluesky'], { PRODUCE_LANG: 'en, DE', BLUESKY_DIDS: 'did:plc:a,did:web:b.example' }) as { config: ProduceConfig })
      .config.lang,
    ['en', 'de'],
  );
});

test('mastodon needs an instance, and a hashtag for hashtag streams; bad languages and DIDs are named', () => {
  assert.throws(() => produce(['--source', 'mastodon']), /instance.*required for --source mastodon/s);
  assert.throws(
    () => produce(['--source', 'mastodon', '--instance', 'https://m.example', '--stream', 'hashtag']),
    /hashtag.*required for --stream hashtag/s,
  );
  assert.throws(() => produce(['--source', 'bluesky', '--lang', 'english']), /language subtags/);
  assert.throws(() => produce(['--source', 'bluesky', '--did', 'alice']), /must be a DID/);
  const ok = produce(['--source', 'mastodon', '--instance', 'https://m.example', '--stream', 'hashtag', '--hashtag', '#climate']) as {
    config: ProduceConfig;
  };
  assert.equal(ok.config.hashtag, 'climate');
});

test('npm start --live means Bluesky; classify --languages', () => {
  assert.equal((parseCli(startSpec, ['--live'], {}) as { config: StartConfig }).config.source, 'bluesky');
  assert.equal((parseCli(startSpec, [], {}) as { config: StartConfig }).config.source, 'file');
  const classify = parseCli(classifySpec, ['--languages', 'en,es'], {}) as { config: { languages: string[] | null } };
  assert.deepEqual(classify.config.languages, ['en', 'es']);
});
