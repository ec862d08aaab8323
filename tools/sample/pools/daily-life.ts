import type { TopicPool } from '../types.ts';

export const dailyLife: TopicPool = {
  id: 'daily_life',
  tags: ['quarantinelife', 'pandemiclife', 'lockdownlife'],
  inline: ['sourdough', 'WFH', 'Zoom', 'baking', 'Hamilton', 'toiletpaper'],
  mix: { positive: 28, negative: 24, neutral: 24 },
  positive: {
    leads: [
      '2020-03..|{My|The} sourdough starter {is alive|doubled|finally bubbled} {and|so} I {named him Doughvid|named her Breadley|baked my first loaf}',
      '{Tried|Made} {banana bread|homemade pasta|a new curry recipe|dalgona coffee} {for the first time|again} {and|and honestly} {nailed it|it slapped|nobody complained}',
      '{Built|Made} {a little garden|raised beds|a herb box} {on the balcony|in the backyard} {and now|so now} {tomatoes are coming|we have basil forever}',
      '2020-03..|{Adopted|Fostered|Got} a {rescue dog|kitten|shelter cat} {during|in} {lockdown|the pandemic}',
      '{Learning|Learnt|Picked up} {guitar|crochet|Spanish|to cut my own hair} {from YouTube|online} {during all this|in quarantine}',
      '{Family dinners every night|Sunday board game nights are back|Movie nights with the kids}',
      '2020-03..2020-06|{Finally found|Managed to buy|Scored} {toilet paper|flour|yeast} {at the store|this morning|after 3 weeks}',
    ],
    tails: [
      'living my best {cottagecore|quarantine} life',
      'simple things',
      'honestly this is nice',
      'small joys',
      '10/10 no notes',
      '{🍞|🌱|🐶} life is good',
    ],
    whole: [
      '2020-03..2020-06|Quarantine achievement unlocked: I now know all the words to every song in Hamilton and so do my neighbours. Sorry neighbours.',
      '2020-04..|Made a lasagna from scratch. Took 5 hours. Ate it in 7 minutes. Worth it. #QuarantineCooking',
      '2020-04..|Working from home with a cat means every meeting has a surprise guest tail in the camera. My team loves her more than me.',
      '2020-03..2020-05|Flour aisle was restocked and I walked away with a 10kg bag like I won the lottery.',
    ],
  },
  negative: {
    leads: [
      '2020-03..2020-05|{Empty|Completely empty} {shelves|toilet paper aisle|pasta shelf} {at three stores|in every supermarket|at every shop} {again|today}',
      '{Working from home|WFH} {at|on} {the kitchen table|the ironing board|my bed} for {a year|9 months|months} {and|now} my back {is ruined|hates me}',
      '{Every day|Each day} {is|feels} {the same|exactly the same}: {wake up, laptop, snack, laptop, sleep|zoom, dishes, zoom|groundhog day}',
      '{Gained|Put on} {15 pounds|8 kilos|the quarantine 15} and {none of my jeans fit|my sweatpants are my whole personality now}',
      '{The neighbours have|My neighbour has} been {drilling|renovating|practicing drums} {every single morning|since lockdown started|during all my meetings}',
      '{Grocery delivery|Food delivery} {slots|windows} {gone|booked} {for 3 weeks|everywhere|until next month}',
    ],
    tails: ['i miss normal life', 'this is getting old', 'send snacks', 'what day is it even', 'over it'],
    whole: [
      "2020-03..2020-04|Someone in front of me bought 48 rolls of toilet paper and 1 can of soup. Sir, what's the plan here. #toiletpaper",
      'Zoom fatigue is real. 6 hours of faces in boxes and I still have to call my mum tonight.',
      "2020-04..|Haven't worn real pants since March. Not sure they still exist. #WFH",
      "My kid, my partner and I all have video calls at 10am and we have one good wifi spot. it's the hunger games.",
    ],
  },
  neutral: {
    leads: [
      '{Supermarket|Grocery store} {opening|special} hours {for|reserved for} {over 70s|seniors|NHS staff} {from|start} {tomorrow|Monday|7am}',
      '{Q|Question}: what is everyone {cooking|baking|watching} {this week|right now}?',
      '{One-way|New} {aisles|system} and {limit|max} {2 per customer|3 items each} {at|in} {our Tesco|the store} {now|this week}',
      '{Post office|Library|Bank} {branches|services} {reopen|will reopen} {with reduced hours|by appointment} {from Monday|next week}',
    ],
    tails: ['good to know', 'check their website', '{sharing|passing it on} for the neighbours', '{hours|times} may change'],
    whole: [
      '{Tips|Guide} for {working from home|WFH} {with kids|in a small flat}: headphones, a door that closes if you have one, and lower your standards for lunch.',
      "Started keeping a tally of how many times I wash my hands each day. Today: 23. Not sure what I'll do with this data.",
      '2020-04..|Recipe for the no-knead bread everyone asked about: 500g flour, 375ml water, 10g salt, 1/4 tsp yeast, rest 18 hours. Bake covered at 230C.',
      '2020-06..|Curbside pickup is now available at the garden centre. Order by phone before 3pm for same day.',
    ],
  },
};
