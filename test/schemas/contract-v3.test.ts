import assert from 'node:assert/strict';
import { test } from 'node:test';
import avro from 'avsc';
import { toClassificationRecord } from '../../src/classify/to-record.ts';
import { Contract, loadAvroType } from '../../src/contracts/avro.ts';
import { LabelStatus } from '../../src/contracts/classification-record.ts';
import { validatePost } from '../../src/contracts/post-input.ts';
import { toPostRecord } from '../../src/contracts/post-record.ts';
import { historyOf } from '../../src/schemas/history.ts';
import { toRow } from '../../src/sink/rows.ts';

/**
 * The platform-neutral contracts across versions, as deployed stages meet them: the post
 * contract's second release (tweet v2) and classification v3 are read by consumers still on
 * the previous version, and the new classifier and sink read records of the previous version.
 */
const released = (name: string, version: number) =>
  avro.Type.forSchema(JSON.parse(historyOf(name).find((h) => h.version === version)!.schema) as avro.Schema);
const postOld = released('tweet', 1);
const postNew = loadAvroType(Contract.tweet);
const classificationV2 = released('classification', 2);
const classificationV3 = loadAvroType(Contract.classification);

const v = validatePost({
  id: 'at://did:plc:abc/app.bsky.feed.post/3kq',
  text: 'the clinic opens at nine',
  created_at: '2024-05-01T10:00:00Z',
  author: { id: 'did:plc:abc', handle: 'did:plc:abc' },
  platform: 'bluesky',
  uri: 'at://did:plc:abc/app.bsky.feed.post/3kq',
  url: 'https://bsky.app/profile/did:plc:abc/post/3kq',
  author_did: 'did:plc:abc',
  langs: ['en-GB', 'fr'],
  reply_to: 'at://did:plc:abc/app.bsky.feed.post/1',
  edited_at: '2024-05-01T11:00:00Z',
});
assert.ok(v.ok);
const post = toPostRecord(v.post, 'bluesky', Date.UTC(2024, 4, 1, 10, 0, 1));
const prediction = {
  sentiment: { label: 'positive' as const, score: 0.8 },
  topic: { label: 'healthcare', score: 0.6, top: [{ topic: 'healthcare', score: 0.6 }] },
};
const info = { encoder: 'minilm', encoderVersion: '1', sentimentModel: 'head', topicModel: 'proto' };
const result = toClassificationRecord(post, prediction, info, { classifiedAt: Date.UTC(2024, 4, 1, 10, 0, 2), modelMsPerPost: 1 });

test('a consumer on the previous post contract reads new post records (new fields skipped)', () => {
  assert.ok(postNew.isValid(post));
  const read = postOld.fromBuffer(postNew.toBuffer(post), postOld.createResolver(postNew)) as Record<string, unknown>;
  assert.equal(read.id, post.id);
  assert.equal(read.text, post.text);
  assert.equal('platform' in read, false);
});

test('the new classifier reads records of the previous post contract, with the defaults', () => {
  const { platform: _p, uri: _u, url: _l, author_did: _d, langs: _g, reply_to: _r, edited_at: _e, ...old } = post;
  const read = postNew.fromBuffer(postOld.toBuffer({ ...old, id: '1364000000000000000' }), postNew.createResolver(postOld));
  assert.deepEqual(
    [read.platform, read.uri, read.url, read.author_did, read.langs, read.reply_to, read.edited_at],
    ['x', '', null, null, [], null, null],
  );
});

test('a v2 classification consumer reads v3 records; a v3 sink reads v2 records with the defaults', () => {
  assert.ok(classificationV3.isValid(result));
  const old = classificationV2.fromBuffer(classificationV3.toBuffer(result), classificationV2.createResolver(classificationV3)) as Record<
    string,
    unknown
  >;
  assert.equal(old.tweet_id, post.id);
  assert.equal(old.language, 'en', 'the first of langs, primary subtag');
  assert.equal('platform' in old, false);
  const { platform: _p, uri: _u, url: _l, reply_to: _r, edited_at: _e, label_status: _s, ...v2 } = result;
  const read = classificationV3.fromBuffer(
    classificationV2.toBuffer({ ...v2, schema_version: 2 }),
    classificationV3.createResolver(classificationV2),
  );
  assert.deepEqual(
    [read.platform, read.uri, read.url, read.reply_to, read.edited_at, read.label_status],
    ['x', '', null, null, null, LabelStatus.OK],
  );
  const row = toRow(read, 0, '1');
  assert.deepEqual([row.platform, row.uri, row.label_status, row.schema_version], ['x', '', 'ok', 2]);
});

test('classification v3 carries platform, uri and the edit through to the row', () => {
  assert.deepEqual(
    [result.platform, result.uri, result.url, result.reply_to, result.schema_version],
    ['bluesky', post.uri, post.url, post.reply_to, 3],
  );
  assert.equal(toRow(result, 0, '1').edited_at?.toISOString(), '2024-05-01T11:00:00.000Z');
});
