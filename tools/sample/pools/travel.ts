import type { TopicPool } from '../types.ts';

export const travel: TopicPool = {
  id: 'travel',
  tags: ['travel', 'tourism', 'TravelNews'],
  inline: ['flights', 'airport', 'quarantine', 'travel'],
  mix: { positive: 24, negative: 28, neutral: 24 },
  positive: {
    leads: [
      '2021-05..|{First flight|First trip abroad|Back on a plane} {in two years|since 2019|since the pandemic started}',
      '2021-06..|{Borders|The border} {finally reopened|just reopened} {and|so} I can {see my parents|visit my partner|go home} {after 18 months|for the first time since 2019}',
      '2020-06..|{Road trip|Camping trip|Weekend in the mountains} {instead of|in place of} {flying|our cancelled holiday} {and it was perfect|was honestly better}',
      '2020-04..|{Airline|The airline} {actually refunded|refunded} {my cancelled flight|our tickets} {in full|without a fight}',
      '2021-07..|{Reunited|Finally reunited} with {my family|my husband|my grandkids} at {arrivals|the airport} {after 600 days|after a year and a half}',
      '2022-03..|{No tests|No quarantine|No forms} {needed|required} {for|to enter} {the UK|Ireland|Iceland} {anymore|now}',
    ],
    tails: [
      'I cried at the gate',
      'never taking travel for granted again',
      'the world is opening up {✈️|🌍|🧳}',
      '{finally|at last}',
      'pure joy',
    ],
    whole: [
      "2021-08..|The immigration officer said 'welcome home' and I burst into tears in front of 200 people. No regrets. ✈️",
      '2020-07..|Cancelled Italy, went to a lake 2 hours away. Same amount of pasta consumed. #travel',
      '2022-04..|First international trip since covid and the airport smelled like duty-free perfume and anxiety. I loved it.',
      '2020-06..2020-08|Staycation report: discovered a waterfall 40 min from my house that I never knew existed in 15 years of living here.',
    ],
  },
  negative: {
    leads: [
      '2020-03..2020-04|{Stuck|Stranded} {in Peru|in Bali|abroad|at the airport} {after|because} {borders closed overnight|my flight got cancelled|they stopped all flights}',
      '{Flight|My flight|Our flight home} {cancelled|changed|rescheduled} {for the 4th time|again|with no explanation}',
      "2020-04..|{Airline|The airline} {won't refund|refuses to refund|offered only a voucher for} {my cancelled flight|$1,200 of tickets|our honeymoon}",
      "2020-09..|{Hotel quarantine|14 day quarantine|Quarantine hotel} {costs|is costing me} {$3,000|£1,750|two weeks' wages} {and|plus} {the food is awful|no fresh air|windows don't open}",
      "2021-06..|{Required|Needed} {PCR|pre-departure|travel} test result {didn't arrive in time|came 2 hours after boarding closed}",
      '2022-04..|{Airport|The airport} {queues|security line} {3 hours long|out the door|past the car park} {this morning|today}',
      "{Haven't seen|Not seen} {my parents|my mum|family back home} {in 2 years|since 2019|for 700 days} because of {travel bans|border rules|closed borders}",
    ],
    tails: ['I just want to go home', 'nobody is answering the phone', 'travel is a nightmare now', 'absolutely furious', 'what a joke'],
    whole: [
      "2020-03..2020-04|Embassy says 'make your own arrangements'. There are no flights. There are no arrangements. #stranded",
      '2021-07..2021-12|Traffic light system changed while I was in the air. Landed amber, now I need to quarantine. Cool.',
      '2022-05..|Lost luggage, 6 hour delay, and a rebooked flight that leaves tomorrow. Summer travel 2022 is something else.',
      '2020-12..2021-06|My wedding is in Australia. My family is in Canada. The borders said no. So Zoom it is. Again.',
    ],
  },
  neutral: {
    leads: [
      '2020-03..|{Travel ban|Entry ban} {on|for} {arrivals from|visitors from} {Europe|27 countries|the UK} {starts|takes effect} {Friday|at midnight}',
      '2021-05..|{What you need|Checklist} {to fly|for international travel} {this summer|right now}: {test, forms, vaccine proof|vaccine card and a negative test}',
      '2020-06..|{Q|Question}: does anyone know if {Greece|Portugal|Canada} {requires|still requires} {a PCR|quarantine|vaccination} for {tourists|entry}?',
      '2021-06..|{EU|Digital} {covid|vaccine} {certificate|pass} {goes live|launches} {July 1|next month}',
      '2021-11..|{Quarantine|Testing} {rules|requirements} {for arrivals|at the border} {updated|changed} {again|today}',
    ],
    tails: ['official page linked', 'check before you book', '{rules|details} change often', 'from the foreign office'],
    whole: [
      '2021-06..|Travel tip: screenshot your vaccine certificate and test result. Airport wifi is always terrible when you need it.',
      '2020-07..|Passenger numbers at the airport are down 85% compared to last July, per the airport authority.',
      '2022-04..|Most countries in the EU now accept a vaccine, recovery or test certificate. A few have dropped rules entirely.',
    ],
  },
};
