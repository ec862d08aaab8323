import type { Rng } from './rng.ts';
import type { Tweet } from './types.ts';

/** Heavy-tailed engagement: most posts get a handful of likes, a few go far. */
export function engagement(rng: Rng, newsLike: boolean): Tweet['metrics'] {
  const u = rng.next() * 0.9995;
  const likes = Math.floor((1 / (1 - u)) ** 1.25) - 1 + (rng.chance(0.3) ? rng.int(0, 6) : 0);
  const shareRate = newsLike ? 0.2 + rng.next() * 0.5 : rng.next() * 0.3;
  const retweets = Math.floor(likes * shareRate);
  return {
    like_count: likes,
    retweet_count: retweets,
    reply_count: Math.floor(likes * rng.next() * 0.15) + (rng.chance(0.25) ? 1 : 0),
    quote_count: Math.floor(retweets * rng.next() * 0.2),
  };
}
