import type { TopicPool } from '../types.ts';

export const economyJobs: TopicPool = {
  id: 'economy_jobs',
  tags: ['unemployment', 'SmallBusiness', 'jobs', 'economy'],
  inline: ['stimulus', 'inflation', 'WFH', 'unemployment', 'PPP', 'furlough'],
  mix: { positive: 22, negative: 32, neutral: 22 },
  positive: {
    leads: [
      '{Got the job|Landed a new job|Just got hired} {after 6 months unemployed|after 9 months of searching|after 140 applications|after a year on furlough}',
      '2020-04..2020-06|{Stimulus check|Relief payment} {finally|just} {landed|hit my account}',
      '{Our|My} {bakery|shop|little bookstore} {is still open|survived|made it} {thanks to|because of} {online orders|regulars|this community}',
      '2021-03..|{Back to work|Rehired} {at the restaurant|at the hotel|at the venue} {after a year|today|this week}',
      '2021-06..|{Quit|Finally quit} my {awful|toxic|underpaid} job {and started|to start} {something of my own|a new role with a raise|my own cleaning business}',
      '2020-04..|{Company|My employer} {said|announced} {we can work from home permanently|no layoffs this year|everyone keeps their job}',
      '2021-04..|{Hiring|Now hiring} signs {everywhere|on every shop} {in my town|downtown|on the high street}',
    ],
    tails: [
      'things are looking up',
      'I could cry',
      'support local {wherever you can|if you can|always}',
      'rent is paid this month 🙏',
      'feels like a fresh start',
      'small wins count',
    ],
    whole: [
      "2020-05..|A customer came in today, bought a $10 candle and left a $100 bill on the counter. 'For the staff.' I'm not okay 😭 #SmallBusiness",
      '2021-05..|Got a 20% raise by just... asking. Apparently everyone is short staffed now. Go ask for yours.',
      '2020-08..|Our food truck is doing better than the restaurant ever did. Pivots, man.',
      "2020-06..|Working from home saved me 2 hours of commuting a day and about $400 a month. I'm never going back if I can help it. #WFH",
    ],
  },
  negative: {
    leads: [
      '2020-03..2020-06|{Laid off|Furloughed|Let go} {today|this morning|over a zoom call} {along with|with} {half the office|40 others|the whole kitchen staff}',
      '2020-03..2020-08|{Unemployment|The unemployment} {website|phone line} {crashed|kicked me out} {again|for the 5th time|at 3am}',
      "{Rent|Rent's} due {Friday|next week|on the 1st} and {I have $140|I've got nothing|I haven't been paid in 6 weeks}",
      '2021-10..|{Grocery|Food|Petrol|Gas} prices {up|have gone up} {again|like 30%|every single week}',
      '2020-04..2021-06|{The|Our} {PPP loan|grant|relief money} {went to|got swallowed by} {big chains|a company with 500 stores} {and we got nothing|while we wait}',
      "{My|Our} {favourite|family} {restaurant|cafe|bar} {closed for good|announced it won't reopen} {after 34 years|after 12 years|this week}",
      '2021-09..|{Supply chain|Shipping} mess {means|meaning} {empty shelves|no stock} {again|for months}',
    ],
    tails: [
      "no idea what we're going to do",
      "the system isn't built for people like us",
      "I'm scared",
      'everything costs more and pay stays the same',
      'who is this economy even for',
      'just exhausted',
    ],
    whole: [
      "2020-04..2020-06|Filed for unemployment 7 weeks ago. Still 'pending'. Called 212 times today. I counted.",
      "2021-07..|'Nobody wants to work anymore' no, nobody wants to work for $9 an hour while being yelled at about masks",
      '2020-04..|My dad ran his barbershop for 31 years. He closed it today. He kept the chair. #SmallBusiness',
      '2022-03..|Paid $90 to fill my tank today. NINETY. I drive a Corolla.',
      "2020-11..2021-03|Essential worker wage bonus ended in June. The pandemic didn't. #jobs",
    ],
  },
  neutral: {
    leads: [
      '2020-04..2020-05|Weekly jobless claims {come in at|reported at} {6.6 million|3.8 million|4.4 million}',
      '2020-08..2021-02|Weekly jobless claims {come in at|still at} {881,000|787,000|965,000}',
      '2020-05..2020-06|{Unemployment rate|Jobless rate} hits 14.7%, {the highest since records began|worst since the Great Depression}',
      '2020-11..2021-03|{Unemployment rate|Jobless rate} {eases|falls} to {6.7|6.9}%',
      '2022-01..|{Unemployment rate|Jobless rate} {down to|at} {3.9|3.6}%',
      '2021-04..|{Job openings|Vacancies} {hit|reach} {a record|9.3 million} {as|while} {employers struggle to hire|workers quit}',
      '2021-10..|Inflation {at|rose to} {6.2|7.0|8.5}%, {highest|the highest} {since 1982|in 40 years|in decades}',
      '2020-06..|{Survey|Study}: {a third of|40% of|most} {office workers|employees} want to {keep working from home|stay remote} {after the pandemic|at least part time}',
    ],
    tails: ['via the labor dept', 'chart in link', 'full report below', 'economists expected less', 'interesting numbers'],
    whole: [
      "2020-04..|{How to|Guide:} apply for {unemployment|small business relief|the furlough scheme} {step by step|if you're self-employed}. Thread 🧵",
      '2020-04..2020-07|If you were self-employed, you may now qualify for pandemic unemployment assistance. Apply through the state portal, not the regular one.',
      '2021-08..|Quits rate at 2.9%, the highest in the series. People are moving jobs, not leaving the workforce, per the report.',
      "2020-05..|Small business owners: the grant deadline is Friday 5pm. You'll need last year's tax return and payroll records.",
      '2022-04..|Hybrid work poll: 3 days in the office seems to be where most big employers are landing. Curious what yours did.',
    ],
  },
};
