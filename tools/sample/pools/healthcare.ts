import type { TopicPool } from '../types.ts';

export const healthcare: TopicPool = {
  id: 'healthcare',
  tags: ['HealthcareHeroes', 'nurses', 'frontline', 'healthcare'],
  inline: ['NHS', 'ICU', 'PPE', 'nurses', 'nurse', 'ER'],
  mix: { positive: 24, negative: 30, neutral: 22 },
  positive: {
    leads: [
      '{Discharged|Sent home} {my|our} {last|first} covid patient {off the ventilator|from ICU|after 41 days} {today|this afternoon}',
      '2020-03..2020-06|{Local|Our} {restaurant|pizza place|bakery} {sent|dropped off} {40 pizzas|lunch|breakfast for the whole night shift} to {the ICU|our ward|the ER}',
      '{Dad|My uncle|Grandpa} {is finally home|came home} from the hospital {after 3 weeks|today|after covid pneumonia}',
      '2020-04..|{Clapped out|Cheered out} {a patient|our 100th recovered patient|a 94 year old} {on the ward|through the hallway} {today|this morning}',
      'The {nurses|ICU team|respiratory therapists} who looked after my {mum|husband|brother} {called every single day|held the phone up so we could talk|were angels}',
      "2020-04..2020-09|{Sewing group|Our school's 3D printers|Local makers} {made|delivered} {500 face shields|scrubs|ear savers} for {the hospital|our clinic|the care home}",
      '2021-01..|{ICU|Hospital} {beds|numbers} {finally|are} {going down|back under capacity} {here|in our region}',
    ],
    tails: [
      '{tears|crying} in the break room',
      'this is why we do it',
      '{nurses|healthcare workers} are actual heroes',
      'forever grateful',
      '{we|I} needed this today',
      'good day on the ward for once',
    ],
    whole: [
      "2020-04..2020-05|My husband is an ICU nurse. He came home tonight and said 'we extubated two people today'. First time he smiled in weeks. #HealthcareHeroes",
      "To the respiratory therapist who sang to my dad while I couldn't be there: I don't know your name but I'll never forget you.",
      "2020-03..2020-05|Rainbow pictures from the primary school taped up all along the corridor outside ICU. Didn't expect to cry at 4am but here we are.",
      '2020-04..2020-07|🧑‍⚕️ Shift done. Nobody died on my unit today. Going to sleep for 14 hours.',
    ],
  },
  negative: {
    leads: [
      "2020-03..2020-06|{Still|We're still} {reusing|rewearing} {N95s|the same mask} for {a whole week|5 shifts|days} because {there's no PPE|supply hasn't come}",
      '{ICU|Our ICU|The hospital} {is at|hit|over} {120|100|110}% capacity {tonight|again|for the third week}',
      "{Surgery|My mum's surgery|My knee operation} {cancelled|postponed} {again|for the third time} because {beds are full|of covid admissions}",
      "2020-10..|{Another|Third} {nurse|colleague} {quit|left} {this week|today}, {burnout|can't take it anymore}",
      '{Waited|Sat} {9 hours|14 hours|all night} in the {ER|A&E|emergency department} {with|for} {chest pain|my dad|a broken wrist}',
      '2021-07..|{Unvaccinated patient|Patient} {begging|asking} for the vaccine {right before we intubated|as we intubated} {him|her}',
      '2020-04..2020-12|{Refrigerated trucks|Morgue trucks} {parked|set up} outside {the hospital|our hospital} {again|now}',
      '2021-01..|{Night shift|12 hour shift} {turned into|became} {16 hours|a double} because {nobody|no one} {could cover|is left}',
    ],
    tails: [
      'we are breaking',
      'please stay home if you can',
      "clapping doesn't pay rent",
      'nobody outside the hospital understands',
      "I'm running on empty",
      'this is what burnout looks like',
      'please get vaccinated. please',
    ],
    whole: [
      "2020-10..2021-02|I'm an ICU nurse. I zipped 3 body bags this week. Then I went to the grocery store and watched a man argue about masks. #frontline",
      '2020-04..2020-05|We were told to use garbage bags as gowns. GARBAGE BAGS. In 2020. In one of the richest countries in the world.',
      "Ambulance took 3 hours to arrive for my grandfather. The paramedics apologised over and over. It's not their fault. It's the whole system.",
      '2021-08..2021-11|Our hospital now has a waiting list for the ICU waiting list. I wish I was joking.',
      "2020-12..2021-02|Day off. Couldn't sleep. Kept hearing the ventilator alarms. This job follows you home.",
    ],
  },
  neutral: {
    leads: [
      '{Hospital|Regional hospital} {visiting|visitor} {rules|policy} {update|change}: {one visitor per patient|no visitors except end of life|visits by appointment}',
      '2020-04..|{Field hospital|Overflow ward} {at the convention center|in the sports hall|at the exhibition centre} {now taking patients|opens this week|is being dismantled}',
      "{Current|Today's} {hospital|inpatient} {figures|numbers}: {412 covid patients in hospital, 61 in ICU|1,209 in hospital, 203 in ICU|88 covid inpatients, 12 in ICU}",
      "2020-03..|{Q|Question} for {nurses|healthcare folks}: what's your routine for {decontaminating|changing|washing scrubs} when you get home?",
      '{Telehealth|Phone} appointments {now available|are now the default} {for GP visits|at our practice}',
      '2021-01..|{Elective|Non-urgent} {surgeries|procedures} {paused|resuming} at {three|all} {regional|city} hospitals',
    ],
    tails: [
      'more info on the hospital site',
      'sharing for anyone with family there',
      'details in link',
      'per the health authority',
      'not sure how long this lasts',
    ],
    whole: [
      "If you need a non-covid emergency, the ER is still open and still safe to use. Don't sit at home with chest pain.",
      '2020-03..2020-06|Retired nurses and doctors can re-register temporarily to help. Application link from the nursing council below.',
      'Hospital parking is free for staff until further notice (finally).',
      '2021-03..|Long covid clinic opened at the university hospital. Referral from your GP needed.',
    ],
  },
};
