import type { TopicPool } from '../types.ts';

export const masks: TopicPool = {
  id: 'masks',
  tags: ['MaskUp', 'WearAMask', 'masks', 'MasksSaveLives'],
  inline: ['N95', 'masks', 'mask', 'KN95'],
  mix: { positive: 24, negative: 30, neutral: 22 },
  positive: {
    leads: [
      '2020-04..2020-09|{My|Our} {mom|grandma|neighbor} {sewed|made} {40|60|a hundred} {cloth masks|masks} for {the whole street|the church|the nursing home}',
      '2020-05..|{Everyone|Literally everyone} at the {grocery store|farmers market|hardware store} {was wearing a mask today|masked up}',
      "{Found|Finally found} a mask that {doesn't fog my glasses|actually fits my big head|doesn't hurt my ears}",
      '{My|Our} {5yo|toddler|kid} {picked|chose} {a dinosaur mask|a mask with cats on it|his own mask} and {wears it like a superhero|refuses to take it off}',
      '2021-08..|{Got|Ordered} a {box of|pack of} proper {N95s|KN95s|FFP2s} for the {family|kids|office}',
      '2020-07..|{The|Our} {barista|bus driver|cashier} {thanked me|said thanks} for {wearing a mask|keeping my mask on}',
      '2020-04..|{Matching|Coordinated} {masks|face masks} {with my outfit|for the whole family} {today|for the wedding}',
    ],
    tails: [
      "it's really not that hard",
      'masks are just being a decent neighbour',
      'protect each other {😷|💙|🙏}',
      'small thing, big difference',
      'made my day honestly',
      'fashion accessory of the decade',
    ],
    whole: [
      "2020-05..|I wear a mask for you. You wear one for me. It's really that simple. 😷 #MaskUp",
      '2020-06..2021-06|Surgeons wear masks for 8 hour operations. I think I can handle 20 minutes in Target.',
      '2020-04..2020-12|Started a little mask library at the end of our driveway. Take one if you need one, leave one if you can. 😷',
      "2021-01..|Just realised I haven't had a cold in over a year. Masks and handwashing, who knew 🤷",
    ],
  },
  negative: {
    leads: [
      '2020-05..2021-06|{A guy|Some man} {screamed at|yelled at|threw a fit at} the {cashier|teenage employee|pharmacist} because {she asked him to wear a mask|of the mask sign}',
      "2020-05..|{Half|Most} of the people at {the store|church|my kid's game} {wearing masks under their nose|not wearing masks}",
      "2020-04..2020-05|{Can't find|Can't buy} {masks|N95s} {anywhere|in any store}, {price gouging|$12 each|sold out} online",
      '2021-05..2022-06|Mask {mandate|rules} {dropped|lifted|gone} {again|while cases are rising|on the busiest week}',
      '2021-08..|{School board|City council} {meeting|hearing} about masks {turned into|was} {a shouting match|total chaos}',
    ],
    tails: [
      'why is this so political',
      "I'm so done",
      'people are exhausting',
      "it's a piece of cloth, not oppression",
      'ugh',
      "we're never getting out of this",
    ],
    whole: [
      '{Mask|Masks} {fogging|fog} up my glasses {every time I breathe|constantly|all day}. I have walked into two doors this week.',
      '2020-07..|{Wore|Wearing} a mask {for a 12 hour shift|all day at work|in 35 degree heat} and {my face has a rash|my ears are killing me|I have maskne}. Still wearing it tomorrow, but ouch.',
      "2020-05..2020-12|Seeing a guy wear his mask as a chin strap is the 2020 version of 'technically I'm wearing a seatbelt' 🙄",
      '2020-05..2021-06|Had to explain to a grown adult that the mask needs to cover his nose. His NOSE. Where the air goes in.',
      "2020-04..2020-05|First they said don't buy masks, now they say wear masks. I'm not against it but the messaging has been all over the place.",
      "2022-02..2022-04|Mask mandate ends on Monday and I'm immunocompromised. Guess I'm just not supposed to go anywhere now.",
      "2020-06..2020-11|The 'my body my choice' crowd on masks is something else. Your body is fine. it's your breath that's the issue",
    ],
  },
  neutral: {
    leads: [
      '2020-04..2022-03|{Masks|Face coverings} {required|now required|mandatory} {on public transport|in shops|indoors in public} {from Monday|starting July 24|until further notice}',
      '{Q|Question}: {cloth|surgical} vs {KN95|N95} masks, which one {actually|really} {works best|filters more}?',
      '2022-02..2022-04|{Mask|Face covering} {requirement|mandate} {ends|lifts} {on March 1|next week|Friday} {for schools|for shops|except healthcare}',
      'Mask {exemptions|medical exemptions} {explained|include kids under 2 and people with certain conditions}',
      '2021-05..|{CDC|Health agency} {updates|updated} mask guidance for {vaccinated people|schools|indoor spaces}',
    ],
    tails: ['link to the official guidance', 'here is what the rule says', 'details in the thread', 'worth a read', '{please|pls} share'],
    whole: [
      'Tip: if your glasses fog up, pinch the nose wire tighter and pull the mask up under the glasses. Works most of the time.',
      '2020-07..|Masks in shops are required here from Friday. Children under 11 and people with a medical exemption do not need one.',
      "2021-08..|Mask fit test at work today. They spray something bitter and you have to say if you can taste it. I couldn't, so it fits.",
      '2020-04..|How to wash cloth masks properly: hot cycle or boil for 5 minutes, dry completely, and keep a spare so you are never tempted to skip it.',
      '2020-06..|Does anyone have a good pattern for a cloth mask with a filter pocket? Mine keep slipping down.',
    ],
  },
};
