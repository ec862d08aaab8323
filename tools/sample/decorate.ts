import { CLOSERS, GENERIC_TAGS, OPENERS } from './generic.ts';
import type { Rng } from './rng.ts';
import type { Sentiment, TopicPool } from './types.ts';

export const MAX_CHARS = 280;

export interface DecorateInput {
  base: string;
  sentiment: Sentiment;
  pool: TopicPool;
  /** Complete hand-written posts get fewer additions. */
  whole: boolean;
  handles: readonly string[];
}

const URL_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function shortUrl(rng: Rng): string {
  let code = '';
  for (let i = 0; i < 10; i++) code += URL_CHARS[rng.int(0, URL_CHARS.length - 1)];
  return `https://t.co/${code}`;
}

function exampleUrl(topic: string, rng: Rng): string {
  const section = rng.pick(['news', 'health', 'local', 'updates', 'guide']);
  return `https://example.com/${section}/${topic.replace('_', '-')}-${rng.int(100, 9999)}`;
}

export function codePoints(text: string): number {
  return [...text].length;
}

// Words that start a sentence without being names; verbs in -ed/-ing are safe too.
const LOWERABLE =
  /^(My|Our|The|A|An|Just|Finally|Still|Another|Every|Each|This|Some|Two|Three|Half|Most|Whole|Day|Week|Got|Rent|Cases|Case|Everyone|People|Someone|They|Kids|Streets|Neighbours|Masks|Mask|Local|First|Free|Back|Hiring|Empty|Fake|Viral|Both|Daily|Morning|Six|One|Great|Negative|Positive)\b|^\p{Lu}\p{Ll}+(ed|ing)\b/u;

function lowerFirst(text: string): string {
  return LOWERABLE.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

const QUESTION = /^(Q|Question|Does|Do|Is|Are|Can|Anyone)\b/;

function endPunctuation(text: string, sentiment: Sentiment, rng: Rng): string {
  if (/[.!?…)\p{Extended_Pictographic}]$/u.test(text)) return text;
  if (QUESTION.test(text)) return text + rng.pick(['?', '?', '??', '']);
  const marks =
    sentiment === 'neutral' ? ['.', '.', '', ':'] : sentiment === 'positive' ? ['!', '', '.', '!!'] : ['.', '', '', '.', '', '?!'];
  const mark = rng.pick(marks);
  return mark === ':' ? text : text + mark;
}

function tagCount(rng: Rng, hasTags: boolean): number {
  const roll = rng.next();
  if (hasTags) return roll < 0.8 ? 0 : 1;
  if (roll < 0.42) return 0;
  if (roll < 0.75) return 1;
  return roll < 0.93 ? 2 : 3;
}

function chooseTags(text: string, pool: TopicPool, rng: Rng, count: number): string[] {
  const chosen: string[] = [];
  const present = text.toLowerCase();
  for (let tries = 0; chosen.length < count && tries < 20; tries++) {
    const tag = pool.tags.length > 0 && rng.chance(0.7) ? rng.pick(pool.tags) : rng.pick(GENERIC_TAGS);
    const key = tag.toLowerCase();
    if (present.includes(`#${key}`) || chosen.some((t) => t.toLowerCase() === key)) continue;
    chosen.push(tag);
  }
  return chosen;
}

/** Turns the first plain word that matches a topic word into a hashtag, as people often do. */
function inlineTag(text: string, words: readonly string[]): string {
  for (const tag of words) {
    const word = new RegExp(`(^|\\s)(${tag})(?=[\\s.,!?:]|$)`, 'i');
    const match = word.exec(text);
    if (!match) continue;
    const at = match.index + match[1].length;
    return `${text.slice(0, at)}#${match[2]}${text.slice(at + match[2].length)}`;
  }
  return text;
}

function addTags(text: string, input: DecorateInput, rng: Rng): string {
  const inlined = rng.chance(0.3) ? inlineTag(text, rng.shuffle(input.pool.inline)) : text;
  const tags = chooseTags(inlined, input.pool, rng, tagCount(rng, inlined.includes('#')));
  if (tags.length === 0) return inlined;
  const sep = rng.chance(0.15) ? '\n' : ' ';
  return `${inlined}${sep}${tags.map((t) => `#${t}`).join(' ')}`;
}

function addLinksAndMentions(text: string, input: DecorateInput, rng: Rng): string {
  let out = text;
  if (rng.chance(0.04)) out += ` cc @${rng.pick(input.handles)}`;
  const urlChance = input.sentiment === 'neutral' ? 0.4 : 0.1;
  if (rng.chance(input.whole ? urlChance / 2 : urlChance)) {
    out += ` ${rng.chance(0.8) ? shortUrl(rng) : exampleUrl(input.pool.id, rng)}`;
  }
  if (rng.chance(0.08)) {
    const first = rng.pick(input.handles);
    const second = rng.chance(0.25) ? ` @${rng.pick(input.handles.filter((h) => h !== first))}` : '';
    out = `@${first}${second} ${out}`;
  }
  return out;
}

function dress(input: DecorateInput, rng: Rng): string {
  let text = input.base;
  if (!input.whole) {
    text = endPunctuation(text, input.sentiment, rng);
    if (rng.chance(0.2) && !QUESTION.test(text) && !/^[^.!?]{0,25}:/.test(text)) {
      const opener = rng.pick(OPENERS[input.sentiment]);
      // A lower-case opener would leave a capital mid-sentence before a word that must keep it.
      if (!opener.lower || LOWERABLE.test(text)) text = opener.text + (opener.lower ? lowerFirst(text) : text);
    }
    const closerChance = input.sentiment === 'neutral' ? 0.08 : 0.25;
    if (rng.chance(closerChance)) text += ` ${rng.pick(CLOSERS[input.sentiment])}`;
    if (input.sentiment !== 'neutral' && rng.chance(0.09)) text = text.toLowerCase();
  }
  text = addTags(text, input, rng);
  return addLinksAndMentions(text, input, rng);
}

/** Adds what real posts carry around their words; keeps the result within the 280 limit. */
export function decorate(input: DecorateInput, rng: Rng): string {
  for (let attempt = 0; attempt < 5; attempt++) {
    const text = dress(input, rng);
    if (codePoints(text) <= MAX_CHARS) return text;
  }
  return input.whole ? input.base : endPunctuation(input.base, input.sentiment, rng);
}
