import type { TopicPool } from '../types.ts';

export const mentalHealth: TopicPool = {
  id: 'mental_health',
  tags: ['MentalHealth', 'MentalHealthMatters', 'selfcare'],
  inline: ['anxiety', 'burnout', 'therapy', 'loneliness', 'sleep'],
  mix: { positive: 24, negative: 30, neutral: 22 },
  positive: {
    leads: [
      '{Started|Finally started} {therapy|seeing a therapist|counselling} {over video|online} {this month|in lockdown|last week}',
      '{Daily|Morning} {walks|runs|bike rides} {have|honestly} {saved my sanity|kept my head above water} {this year|through all this}',
      '{Called|Facetimed|Phoned} {an old friend|my best mate|my sister} {for 3 hours|for the first time in ages|just to talk}',
      "{Deleted|Muted} {the news app|twitter notifications|the doomscroll} {for a week|on weekends} and {I feel human again|I'm sleeping better}",
      "{Joined|Found} an {online|virtual} {support group|book club|running club} {and it's the best part of my week|that has been a lifeline}",
      '{Six months|One year|A full year} {sober|of journaling|of meditating} {today|this week}',
    ],
    tails: [
      "it's okay to not be okay",
      'check on your friends',
      'small steps still count',
      'proud of myself for once',
      'be gentle with yourselves',
      '{💚|🌱|🫶} one day at a time',
    ],
    whole: [
      "Reminder that surviving a pandemic is a full time job. If all you did today was eat and drink water, that's enough. 💚 #MentalHealthMatters",
      "2020-04..|My therapist said 'you're not lazy, you're grieving a way of life'. Been thinking about that all week.",
      '2020-05..|Put my phone in a drawer for the evening and did a jigsaw. My brain finally went quiet. Recommend.',
      "If you're struggling, talk to someone. A friend, a helpline, a stranger on here. You don't have to carry it alone.",
    ],
  },
  negative: {
    leads: [
      "{Haven't slept|Can't sleep|Not sleeping} {properly|more than 4 hours} {in weeks|since March|for days}",
      '{Anxiety|My anxiety|Panic attacks} {through the roof|back|every day now} {since|because of} {all this|the news|lockdown}',
      '{Living alone|Being alone} {for|through} {a year|months|all of this} {is|has been} {crushing me|so much harder than I thought}',
      '{Therapy|Mental health} {waitlist|waiting list} {is|says} {9 months|6 months|a year} {long|at least}',
      '{Nurses are|Teachers are|Parents are|Everyone I know is} {burnt out|running on fumes|at breaking point}',
      '{Cried|Had a breakdown} {in the car|in the shower|in the supermarket} {today|again|for no reason}',
    ],
    tails: [
      "I don't know how much longer I can do this",
      'nobody talks about this part',
      "feel like I'm disappearing",
      'everything feels heavy',
      "tired in a way sleep doesn't fix",
      'please check on people',
    ],
    whole: [
      '2020-04..|Is anyone else just... numb? Not sad, not happy. Just blank. Every day is the same grey day.',
      "My teen hasn't left his room in weeks except for meals. Doctor says there's a 6 month wait to see someone. #MentalHealth",
      "Pandemic brain is real. I read the same paragraph 5 times and still don't know what it said.",
      "2021-01..|Year two of 'we're all in this together' and I have never felt more alone.",
    ],
  },
  neutral: {
    leads: [
      '{Free|Confidential} {mental health|crisis} {support|helpline} {numbers|resources} {for|in} {your area|the US, UK and Canada}',
      '{Survey|New study|Report}: {1 in 3|40%|a quarter} of {adults|young people|healthcare workers} {report|reported} {anxiety or depression|symptoms of depression} {during the pandemic|in 2020}',
      "{Q|Question}: what's helping you cope {right now|these days}?",
      '{Employer|Company|Our union} {now offers|added} {free counselling|mental health days|an employee assistance line}',
    ],
    tails: ['link below', 'sharing in case someone needs it', 'thread', 'from the health service'],
    whole: [
      "If you're in crisis, please call your local emergency number or a crisis line. They're open 24/7, including holidays.",
      '2020-04..|Researchers are tracking wellbeing through lockdown with a weekly survey. Interesting to see how the numbers change.',
      '{Tips|Some tips} for {sleeping better|managing anxiety} while {isolating|working from home}: same wake-up time every day, daylight before 10am, no news after 9pm.',
      "What do people actually do for 'self-care'? Asking because everyone says it and I've never known what it means.",
    ],
  },
};
