import type { TopicPool } from '../types.ts';

export const politics: TopicPool = {
  id: 'politics',
  tags: ['politics', 'government', 'PublicHealth', 'COVIDInquiry'],
  inline: ['Congress', 'Parliament', 'Senate', 'inquiry'],
  mix: { positive: 18, negative: 34, neutral: 24 },
  positive: {
    leads: [
      '2020-03..2020-05|{The|Our} {governor|premier|mayor} {actually|finally} {gave|held} a {clear|straightforward|no-nonsense} press conference {with real numbers|and answered every question}',
      '2020-03..|{Parliament|Congress|The legislature} {passed|approved} the {relief bill|emergency package|sick pay bill} {unanimously|with both parties|in one day}',
      '{Our|The} {city council|council} {voted|agreed} to {pause evictions|fund free testing|extend rent relief} {through the winter|for six months}',
      '2021-03..|{Relief|Rescue} {package|plan} {signed|passed}, {child tax credit included|extra payments start in July}',
      '2020-04..|{Health minister|Chief medical officer|Public health director} {explained|walked through} the data {like a human being|without spin|clearly and calmly}',
      '{The|Our} {mayor|MP|state rep} {answered|replied to} my email {within a day|personally|with actual details}',
    ],
    tails: [
      'this is what leadership looks like',
      "credit where it's due",
      'more of this please',
      'not used to saying this but good job',
      '{calm|competent} and boring, which is exactly what we need',
    ],
    whole: [
      "2020-03..2020-04|Whatever you think of her politics, the premier's daily briefings have been the calmest 20 minutes of my day.",
      "2020-04..|Our local councillor delivered food parcels himself on Saturday. Doesn't get more grassroots than that.",
      "2021-07..|The child tax credit payment hit today. For my family that's daycare for the month. Policy matters.",
    ],
  },
  negative: {
    leads: [
      "{Politicians|Ministers|Officials} {partying|at a party|having drinks} {while|when} {we couldn't attend|the rest of us missed} {funerals|our grandma's funeral|weddings}",
      '{The|Another} {press conference|briefing|statement} {with zero answers|full of slogans|that said nothing}',
      '2020-04..|{Contracts|PPE contracts} {handed|given} to {friends|donors|a company with no experience} {without tender|worth millions}',
      '{Every|Each} {decision|rule change} is {about|based on} {polls|the election|donors}, not {science|public health|people}',
      '2020-03..2020-05|{Senator|Lawmaker|A congressman} {sold stocks|dumped shares} {right after|days after} {a private briefing|the closed-door virus briefing}',
      '{Both parties|Everyone in charge} {spent|spending} {months|the whole pandemic} {blaming each other|pointing fingers} {while|as} {people died|hospitals filled}',
      '2021-06..|{Inquiry|Public inquiry} {delayed|pushed back} {again|to next year|until after the election}',
    ],
    tails: [
      'rules for thee not for me',
      'absolute disgrace',
      'and they wonder why nobody trusts them',
      'I am furious',
      'zero accountability',
      'we deserve better than this',
    ],
    whole: [
      "2020-05..2020-07|Drove 260 miles 'to test my eyesight'. Sure. And I stayed home to test my patience.",
      "2021-12..2022-02|Couldn't say goodbye to my grandad. They had a garden party. I will never forget that.",
      '2020-03..2020-06|Turning a virus into a culture war was a choice. A deadly one. #COVID19',
      '2020-11..2021-01|Vaccine rollout plan announced on Monday. Changed Tuesday. Reversed Thursday. Nobody knows anything.',
      "Politicians: 'we followed the science'. The science: 'we told you that in February'.",
    ],
  },
  neutral: {
    leads: [
      '{Senate|Parliament|The assembly} {votes|will vote} on the {relief bill|emergency powers extension|health funding package} {this week|on Thursday|tonight}',
      '2020-03..|{Governor to address the state|Premier to address the province|The PM to address the nation} at {6pm|noon|7:30}',
      '{Emergency|Pandemic} {powers|declaration} {extended for another 60 days|set to expire at the end of the month}',
      "{What's in|Breaking down} the {$1.9 trillion|new|second} relief {bill|package}",
      '2021-06..|{Public|Independent} inquiry into the pandemic response {opens|to hold first hearings|publishes terms of reference}',
      "{Poll|New poll}: {52|61|44}% {approve|disapprove} of {the government's handling of|how officials handled} the pandemic",
    ],
    tails: ["here's a summary", 'more as we get it', 'link below', 'details to follow', 'stay tuned'],
    whole: [
      "2020-03..|Reminder: the briefing is streamed on the government's website and the public channel, with sign language interpretation.",
      '2021-01..|The relief bill includes money for vaccine distribution, schools, rental assistance and direct payments. Details vary by income.',
      '2020-10..2020-11|Election officials say mail-in ballots must be postmarked by election day. Drop boxes open 24/7 until 8pm that day.',
    ],
  },
};
