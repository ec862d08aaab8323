import { HANDLES } from './generic.ts';
import type { Rng } from './rng.ts';
import type { Author, Draft } from './types.ts';

interface Account extends Author {
  persona?: string;
}

/** Accounts whose owners post in a given language. */
const LANG_HANDLES: Record<string, readonly string[]> = {
  es: ['lucia_mx', 'raf_perez', 'tomas_g'],
  fr: ['pierre_lyon'],
  de: ['lena_berlin', 'ingrid_h'],
  pt: ['beatriz_sp', 'gabi_r'],
  it: ['giulia_mi', 'marco_p'],
  ar: ['ahmed_s', 'fatima_z'],
  he: ['nadia_b'],
};

function accountId(rng: Rng): string {
  if (rng.chance(0.55)) return String(rng.int(12_000_000, 3_200_000_000));
  // Newer accounts got snowflake ids: 2016-2020 creation times.
  const ms = BigInt(rng.int(1451606400000, 1583020800000) - 1288834974657);
  return ((ms << 22n) | BigInt(rng.int(0, 4194303))).toString();
}

export function createAccounts(rng: Rng): Account[] {
  const ids = new Set<string>();
  return HANDLES.map((entry) => {
    const [handle, name, persona] = entry.split('|');
    let id = accountId(rng);
    while (ids.has(id)) id = accountId(rng);
    ids.add(id);
    return { id, handle, name, persona };
  });
}

export function createAuthorPicker(accounts: Account[], rng: Rng): (draft: Draft) => Author {
  const byHandle = new Map(accounts.map((a) => [a.handle, a]));
  // A few accounts post a lot and most post a little: pick from a fixed shuffle with a skew.
  const general = rng.shuffle(accounts.filter((a) => !a.persona));
  const persona = (p: string) => accounts.filter((a) => a.persona === p);
  const strip = ({ id, handle, name }: Account): Author => ({ id, handle, name });
  return (draft) => {
    const own = LANG_HANDLES[draft.lang];
    if (own) return strip(byHandle.get(rng.pick(own)) as Account);
    const specialists = draft.topic === 'none' ? [] : persona(draft.topic);
    if (draft.sentiment === 'neutral' && rng.chance(0.35)) return strip(rng.pick(persona('news')));
    if (specialists.length > 0 && rng.chance(0.35)) return strip(rng.pick(specialists));
    return strip(general[Math.floor(general.length * rng.next() ** 1.6)]);
  };
}
