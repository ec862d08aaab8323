import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  createdAtProblem,
  decodeUtf8,
  illFormedStringPath,
  jsonDepth,
  MAX_JSON_DEPTH,
  MAX_TEXT_LENGTH,
  PLATFORM_EPOCH,
  parseJsonLimited,
  textProblem,
  truncateText,
} from '../../src/contracts/limits.ts';

test('jsonDepth measures nesting outside strings, at any depth, without recursion', () => {
  assert.equal(jsonDepth('{"a":[1,{"b":2}]}'), 3);
  assert.equal(jsonDepth('"[[[[" '), 0);
  assert.equal(jsonDepth('{"a":"\\"[[["}'), 1);
  assert.equal(jsonDepth('['.repeat(100_000) + ']'.repeat(100_000)), 100_000);
  assert.equal(jsonDepth('['.repeat(100_000), 10), 11, 'stops once past the limit');
});

test('parseJsonLimited refuses deep JSON before parsing and never throws', () => {
  const deep = parseJsonLimited('['.repeat(5000) + ']'.repeat(5000));
  assert.deepEqual(deep, { ok: false, reason: `JSON nests deeper than ${MAX_JSON_DEPTH} levels` });
  assert.equal(parseJsonLimited('{"id":').ok, false);
  assert.deepEqual(parseJsonLimited('{"a":[1]}'), { ok: true, value: { a: [1] } });
});

test('decodeUtf8 accepts U+FFFD written as UTF-8 and refuses invalid bytes', () => {
  assert.equal(decodeUtf8(Buffer.from('caf\u00e9 \uFFFD ok', 'utf8')), 'caf\u00e9 \uFFFD ok');
  assert.equal(decodeUtf8(Buffer.from([0x68, 0x69, 0xff, 0xfe])), null);
  assert.equal(decodeUtf8(Buffer.from([0xed, 0xa0, 0x80])), null, 'an encoded lone surrogate is not UTF-8');
  assert.equal(decodeUtf8(Buffer.from([0xe2, 0x82])), null, 'a truncated sequence is not UTF-8');
  assert.deepEqual(
    JSON.parse(decodeUtf8(Buffer.from('\uFEFF{"a":"\uFEFFb"}', 'utf8'))!),
    { a: '\uFEFFb' },
    'a leading BOM is dropped, one inside the text kept',
  );
});

test('truncateText never splits a surrogate pair or an emoji sequence', () => {
  const emoji = '\u{1F600}'.repeat(5000);
  const cut = truncateText(emoji, 1000);
  assert.ok(cut.length <= 1000);
  assert.ok(cut.endsWith('\u{1F600}…'), 'ends in a whole emoji and the ellipsis');
  assert.ok(!cut.includes('\uFFFD'));
  assert.equal(Buffer.from(cut, 'utf8').toString('utf8'), cut, 'survives a UTF-8 round trip');
  const family = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // 8 code units, one grapheme
  assert.equal(truncateText(`ab${family}${family}`, 12), `ab${family}…`);
  assert.equal(truncateText('short', 1000), 'short');
});

test('createdAtProblem: a floor per platform and a future skew', () => {
  const now = Date.UTC(2026, 0, 1);
  for (const year of ['0000', '0001', '1970', '2005']) {
    assert.match(createdAtProblem(Date.parse(`${year}-06-01T00:00:00Z`), 'x', { now }) ?? '', /before x existed \(2006-03-21\)/);
  }
  for (const year of ['3000', '9999'])
    assert.match(createdAtProblem(Date.parse(`${year}-01-01T00:00:00Z`), 'x', { now }) ?? '', /in the future/);
  assert.equal(createdAtProblem(PLATFORM_EPOCH.x, 'x', { now }), null);
  assert.equal(createdAtProblem(Date.UTC(2010, 0, 1), 'file', { now }), null, 'file input gets the earliest floor');
  assert.match(createdAtProblem(Date.UTC(2010, 0, 1), 'bluesky', { now }) ?? '', /before bluesky existed/);
  assert.equal(createdAtProblem(now + 60_000, 'x', { now }), null, 'a minute of clock skew is fine');
  assert.match(createdAtProblem(now + 60_000, 'x', { now, maxFutureSkewMs: 1000 }) ?? '', /more than 1 s in the future/);
  assert.equal(createdAtProblem(Number.NaN, 'x', { now }), 'created_at is not a timestamp');
});

test('textProblem counts characters (code points) and refuses lone surrogates', () => {
  assert.equal(textProblem('\u{1F600}'.repeat(MAX_TEXT_LENGTH)), null, '10,000 emoji are 10,000 characters');
  assert.match(textProblem('\u{1F600}'.repeat(MAX_TEXT_LENGTH + 1)) ?? '', /10001 characters, over the 10000 limit/);
  assert.match(textProblem('half \ud800 a pair') ?? '', /lone surrogate/);
  assert.match(textProblem('\udc00') ?? '', /lone surrogate/);
  assert.equal(textProblem('\ud83d\ude00 fine'), null);
  assert.equal(illFormedStringPath({ a: 'ok', author: { handle: 'x\ud800' } }), 'author.handle');
});
