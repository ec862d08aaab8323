import type { TopicPool } from '../types.ts';

export const sportsEntertainment: TopicPool = {
  id: 'sports_entertainment',
  tags: ['pandemiclife', 'QuarantineLife'],
  inline: ['NBA', 'Olympics', 'Netflix', 'concert', 'football', 'Glastonbury', 'cinema', 'Euros', 'TigerKing'],
  mix: { positive: 26, negative: 24, neutral: 26 },
  positive: {
    leads: [
      '2020-03..2020-05|{Just|Finally} finished Tiger King {in one sitting|in two days} and {I have so many questions|what did I just watch}',
      '2020-07..2020-10|{The|This} NBA bubble {basketball|playoffs} {is|has been} {incredible|so good|genuinely great TV}',
      '2021-07..2021-08|{Tokyo|The Olympics} {in empty stadiums|without crowds} {and|but} {still|it} {made me cry|gave me chills} {3 times|twice today|all week}',
      '2021-05..|{First|My first} {concert|gig|live show} {since 2019|in 2 years|since covid} {tonight|last night}',
      '2020-04..|{Living room|Online|Zoom} {concert|gig} {from|by} {my favourite band|the artist I love} {was|felt} {so intimate|better than I expected}',
      "2020-06..|{Football|Soccer|The Premier League} {is back|returned} {and|even} {with fake crowd noise|behind closed doors} {it's|and it's} {glorious|the best thing ever}",
      '2020-03..|{Rewatching|Binged} {the whole of|every season of} {The Office|Friends|Avatar} {for the 4th time|again}',
      '2021-03..|{Cinemas|Theatres|The theatre} {reopen|reopened} {this week|on Monday} {and|so} I {booked|got} {tickets|seats} {immediately|for opening night}',
    ],
    tails: ['needed this so much', 'sport is back baby', 'pure serotonin', 'good vibes only', 'pure happiness {🥹|✨|🙌}'],
    whole: [
      "2020-04..|Drive-in cinema is back and honestly it's the best date night we've had in years. 🍿",
      "2021-07..2021-08|Watching the Olympics at 4am in my pyjamas cheering for a sport I didn't know existed yesterday. #Tokyo2020",
      '2021-06..2021-07|The crowd singing at the Euros after a year of empty stadiums gave me full body goosebumps. #Euro2020',
      '2020-03..2020-05|Animal Crossing is the only place I can still visit my friends. My island has a museum now. Life is good.',
    ],
  },
  negative: {
    leads: [
      '2020-03..2020-03|{NBA|The league|March Madness} {suspended|cancelled} {the season|everything} {tonight|just now}',
      "2020-03..2020-05|{Olympics|The Olympics|Glastonbury} {postponed|cancelled} and {I had tickets|I'd been training for years|I'd saved for a year}",
      '{Concert|Festival|Show} {cancelled|postponed} {for the third time|again} {and|but} {no refund|the refund is a voucher}',
      '2020-06..2021-05|{Empty|Silent} {stadiums|stands} with {cardboard fans|fake crowd noise} {is|just} {so depressing|not the same}',
      '{Movie|Film} {release|premiere} {delayed|pushed} {again|to next year}',
      '{Local|Our|My favourite} {theatre|music venue|cinema} {closing|closed} {for good|permanently} {after 50 years|this week}',
    ],
    tails: ['gutted', "what's even the point", 'devastated for the athletes', 'another thing the pandemic took', '{😭|💔|😞} sad day'],
    whole: [
      "2020-03..2020-03|The NBA suspending its season was the moment I realised this wasn't going to be a two week thing.",
      '2021-01..|Artists and crew have had no work in a year. No tour, no income. The arts are dying quietly. #livemusic',
      "2020-05..|Saving all my ticket stubs from 2019 like they're relics from a lost civilisation.",
    ],
  },
  neutral: {
    leads: [
      '{The league|Organisers} {announced|confirmed} {a|the} {restart|return} {plan|date} {with no fans|with limited crowds|and daily testing}',
      '2021-07..2021-08|{Olympics|Tokyo 2020} {schedule|medal table|results} {for today|so far}',
      '{Venue|Stadium|Arena} capacity {limited|capped} to {25|50|10}% {from|starting} {next month|the 1st}',
      '{Q|Question}: does anyone know if tickets for the {postponed|rescheduled} {show|match|tour} {are still valid|roll over}?',
    ],
    tails: ['full details below', 'thread', 'more info in the link', 'details may change'],
    whole: [
      '2020-03..|{What to watch|Streaming picks} this weekend: a heist series, a cooking show and a nature documentary narrated by a very calm man.',
      '2020-03..2020-04|The Tokyo Olympics will be held in 2021 but keep the name Tokyo 2020, organisers confirm.',
      '2020-06..|Matches will be played behind closed doors, with testing twice a week for players and staff. Broadcast schedule below.',
      '2021-04..|Proof of vaccination or a negative test will be required for entry. Tickets go on sale Friday at 10am.',
    ],
  },
};
