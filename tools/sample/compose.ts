import { codePoints, decorate, MAX_CHARS } from './decorate.ts';
import type { Extra } from './extras.ts';
import type { Fragment } from './fragment.ts';
import { overlap, parseFragment, spin } from './fragment.ts';
import { JOINERS, NEUTRAL_JOINERS, QUESTION_TAILS } from './generic.ts';
import type { Rng } from './rng.ts';
import type { Cell, Draft, Sentiment, TopicPool } from './types.ts';

interface CellContext {
  pool: TopicPool;
  sentiment: Sentiment;
  rng: Rng;
  seen: Set<string>;
  handles: readonly string[];
}

function capitalise(text: string): string {
  return text.length > 0 ? text[0].toUpperCase() + text.slice(1) : text;
}

function joinLeadTail(lead: string, tail: string, sentiment: Sentiment, rng: Rng): string {
  if (/[.!?]$/.test(lead)) return `${lead}${rng.chance(0.2) ? '\n' : ' '}${capitalise(tail)}`;
  const joiner = rng.pick(sentiment === 'neutral' ? NEUTRAL_JOINERS : JOINERS);
  return lead + joiner.text + (joiner.cap ? capitalise(tail) : tail);
}

function questionDraft(leadText: string, rng: Rng): string {
  if (rng.chance(0.5)) return leadText;
  const tail = rng.pick(QUESTION_TAILS);
  return `${leadText} ${capitalise(tail)}${tail.endsWith('?') ? '' : rng.pick(['', '.', ' 🙏'])}`;
}

function leastUsedTail(tails: Fragment[], used: Map<Fragment, number>, lead: Fragment, rng: Rng): Fragment | undefined {
  const fitting = rng.shuffle(tails).filter((tail) => overlap(lead, tail));
  fitting.sort((a, b) => (used.get(a) ?? 0) - (used.get(b) ?? 0));
  return fitting[0];
}

function accept(ctx: CellContext, text: string, window: { from: string; to: string }, out: Draft[]): boolean {
  if (ctx.seen.has(text)) return false;
  ctx.seen.add(text);
  out.push({ topic: ctx.pool.id, sentiment: ctx.sentiment, text, lang: 'en', from: window.from, to: window.to });
  return true;
}

function wholeDrafts(ctx: CellContext, cell: Cell, count: number, out: Draft[]): void {
  for (const raw of ctx.rng.shuffle(cell.whole).slice(0, count)) {
    const fragment = parseFragment(raw);
    const text = decorate(
      { base: spin(fragment.text, ctx.rng), sentiment: ctx.sentiment, pool: ctx.pool, whole: true, handles: ctx.handles },
      ctx.rng,
    );
    accept(ctx, text, fragment, out);
  }
}

function composedDraft(
  ctx: CellContext,
  lead: Fragment,
  tails: Fragment[],
  used: Map<Fragment, number>,
): { text: string; window: { from: string; to: string } } {
  const leadText = spin(lead.text, ctx.rng);
  if (leadText.endsWith('?')) return { text: questionDraft(leadText, ctx.rng), window: lead };
  const tail = ctx.rng.chance(0.8) ? leastUsedTail(tails, used, lead, ctx.rng) : undefined;
  if (!tail) return { text: leadText, window: lead };
  const joined = joinLeadTail(leadText, spin(tail.text, ctx.rng), ctx.sentiment, ctx.rng);
  if (codePoints(joined) > MAX_CHARS - 20) return { text: leadText, window: lead };
  used.set(tail, (used.get(tail) ?? 0) + 1);
  return { text: joined, window: overlap(lead, tail) ?? lead };
}

/** Drafts for one topic and sentiment: every hand-written post first, then lead + tail pairs. */
export function cellDrafts(ctx: CellContext, count: number): Draft[] {
  const cell = ctx.pool[ctx.sentiment];
  const out: Draft[] = [];
  wholeDrafts(ctx, cell, count, out);
  const leads = ctx.rng.shuffle(cell.leads.map(parseFragment));
  const tails = cell.tails.map(parseFragment);
  const used = new Map<Fragment, number>();
  for (let i = 0; out.length < count; i++) {
    if (i > count * 50) throw new Error(`${ctx.pool.id}/${ctx.sentiment}: not enough distinct posts`);
    const lead = leads[i % leads.length];
    const { text: base, window } = composedDraft(ctx, lead, tails, used);
    const text = decorate({ base, sentiment: ctx.sentiment, pool: ctx.pool, whole: false, handles: ctx.handles }, ctx.rng);
    accept(ctx, text, window, out);
  }
  return out;
}

export function poolDrafts(pools: readonly TopicPool[], rng: Rng, seen: Set<string>, handles: readonly string[]): Draft[] {
  const sentiments: Sentiment[] = ['positive', 'negative', 'neutral'];
  return pools.flatMap((pool) =>
    sentiments.flatMap((sentiment) => cellDrafts({ pool, sentiment, rng, seen, handles }, pool.mix[sentiment])),
  );
}

export function extraDrafts(extras: readonly Extra[], seen: Set<string>): Draft[] {
  return extras.map((extra) => {
    const fragment = parseFragment(extra.text);
    if (seen.has(fragment.text)) throw new Error(`duplicate extra post: ${fragment.text}`);
    seen.add(fragment.text);
    return { topic: extra.topic, sentiment: extra.sentiment, text: fragment.text, lang: extra.lang, from: fragment.from, to: fragment.to };
  });
}
