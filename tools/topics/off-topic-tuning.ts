/**
 * Posts about none of the default taxonomy's 14 topics, written for this project to choose the
 * topic fallback's operating point (tools/topics/fallback-grid.ts): the share of these the fallback
 * sends to `other` is the off-topic side of the trade, the labeled sample's on-topic loss the other.
 * Not the runtime background (src/nlp/serve/topic-background.ts) and not drawn from any fixture:
 * test/fixtures/topics-off-topic.jsonl stays the measure, never the tuning set.
 */
export const OFF_TOPIC_TUNING: readonly string[] = [
  // gadgets and software
  'my phone battery dies by noon ever since the last update',
  'finally switched to a mechanical keyboard and the clicky sound is everything',
  'why does every app need my location just to show a flashlight',
  'spent three hours fixing a bug that turned out to be a missing semicolon',
  'the new laptop fan sounds like a jet engine when i open two tabs',
  'dark mode on everything, my eyes thank me',
  'anyone know a good password manager that syncs across devices?',
  'printer says paper jam, there is no paper jam, there has never been a paper jam',
  'rewrote the whole script in rust and it is somehow slower',
  'my smart speaker keeps answering questions nobody asked',
  // cars
  'the check engine light is on again and i refuse to look at it',
  'changed my own oil for the first time, only spilled half of it',
  'test drove an electric hatchback today and the acceleration is silly',
  'whoever parks across two spaces deserves a flat tire',
  'new winter tyres on, ready for anything',
  'the dealership wanted how much for new brake pads??',
  // fashion and beauty
  'found the perfect vintage denim jacket at a thrift store',
  'my eyeliner came out even on both sides, screenshot this moment',
  'platform sneakers are back and i am not complaining',
  'trying a new skincare routine, ask me in a month',
  'is it too early to wear the wool coat',
  'got my nails done in a glittery green, obsessed',
  'the haircut looked great in the salon and now it is a mystery',
  // faith and spirituality
  'grateful for a quiet sunday service and good hymns',
  'reading a psalm a day this month',
  'lit a candle at the temple for my grandfather',
  'the choir sang the old hymn tonight and it was beautiful',
  'ramadan kareem to everyone observing',
  // quotes and musings
  'the best time to plant a tree was twenty years ago',
  'be the energy you want to attract',
  'some days you are the pigeon, some days you are the statue',
  'small steps every day add up to something big',
  'stars cannot shine without darkness',
  'overthinking is just creativity pointed in the wrong direction',
  'if you read this, drink some water',
  // star signs
  'mercury retrograde explains literally everything about this week',
  'typical scorpio behaviour, not even sorry',
  'my horoscope said to expect a surprise and i found five dollars',
  'two leos in one group chat was a mistake',
  // ads, giveaways, follow trains
  'GIVEAWAY: retweet and follow to win a set of scented candles',
  'use code SAVE20 for 20% off our handmade soaps this week only',
  'follow everyone who likes this, let us all grow together',
  'new blog post is up, link in bio',
  'DM me for collabs and promo rates',
  'our store now ships hand-poured candles in three new scents',
  'like and share to enter, winners announced friday',
  // words and language
  'the word moist should be retired',
  'learning that "literally" now means figuratively ruined my day',
  'which is correct, gif with a hard g or a soft g',
  'i keep typing teh instead of the',
  // short reactions
  'bruh',
  'this is sending me',
  'no thoughts, just vibes',
  'tell me you are tired without telling me you are tired',
  'i will be thinking about this for days',
  'the audacity',
  'ok but who asked',
  'living for this thread',
  'big mood',
  'plot twist',
];
