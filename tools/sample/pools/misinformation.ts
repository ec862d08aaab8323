import type { TopicPool } from '../types.ts';

export const misinformation: TopicPool = {
  id: 'misinformation',
  tags: ['misinformation', 'FactCheck', 'infodemic', 'disinformation', 'fakenews'],
  inline: ['5G', 'misinformation', 'ivermectin', 'WhatsApp'],
  mix: { positive: 16, negative: 36, neutral: 24 },
  positive: {
    leads: [
      '{Great|Excellent|Really good} {fact-check|thread|explainer} {on|about} {the 5G rumor|the microchip claims|that viral video|vaccine myths}',
      "{Convinced|Finally convinced} my {uncle|aunt|dad} {that|the} {viral post|chain message|WhatsApp voice note} {was fake|wasn't real}",
      '{Our|The} {library|local paper|school} {is running|ran} a {free workshop|session} on {spotting fake news|checking sources} {this week|online}',
      '{Doctors|Nurses|Scientists} on {TikTok|here|YouTube} {debunking|calmly explaining} {myths|rumors} {in 60 seconds|one at a time}',
      '{Platform|The app} {finally|now} {labels|flags} {misleading|false} {covid posts|health claims}',
    ],
    tails: [
      'more of this please',
      'share this one instead',
      'patience wins sometimes',
      'bookmark it for the next family chat',
      'this is how you do it',
    ],
    whole: [
      'My grandma forwarded me a fake cure message and then, 10 minutes later, forwarded me the fact-check debunking it. Growth. 👏',
      "The best way to fight misinformation in your family chat: don't mock, ask 'where did that come from?' Worked on my dad. #FactCheck",
      "2020-04..|Shoutout to the local reporter who called 14 pharmacies to check if the 'shortage' rumor was true. It wasn't.",
    ],
  },
  negative: {
    leads: [
      '2020-03..|{My|Our} {family group chat|aunt\'s Facebook|neighbourhood WhatsApp} {is full of|keeps sharing} {fake cures|5G nonsense|"drink hot water to kill the virus" posts}',
      '2020-04..2020-06|{People are burning|Someone in my town vandalised} {5G|phone} {masts|towers} {because of|over} a {conspiracy video|rumour}',
      '2020-03..|{Viral|Another viral} {post|video} {claiming|saying} {the virus is fake|masks cause oxygen deprivation|hospitals are empty} {has|with} {2 million views|100k shares}',
      '2021-01..|{They|People} {really|actually} think the {vaccine|shot} {has a microchip|changes your DNA|makes you magnetic}',
      "{Bleach|Horse dewormer|Colloidal silver} {isn't|is not} a {cure|treatment} {and|but} {people keep|my neighbor keeps} {recommending it|posting about it}",
      '{Fake|Fabricated} {screenshots|"leaked memos"|news clips} {of|from} {the health ministry|the WHO|the hospital} {going around|everywhere}',
      "2020-03..|{Someone|A guy} {in the comments|at work} {insists|says} {it's just the flu|it's all a plan|nobody actually died}",
    ],
    tails: [
      "I'm losing my mind",
      'this stuff gets people killed',
      'how do you even argue with this',
      'the algorithm rewards lies',
      'exhausting',
      'please check before you share',
    ],
    whole: [
      "2021-02..|The guy who told me the earth is flat in 2019 is now my uncle's primary source on vaccine safety. #misinformation",
      '2020-03..2020-05|No, holding your breath for 10 seconds does not test you for covid. Please stop forwarding this to grandma.',
      "2021-05..|A woman at the pharmacy told the pharmacist the vaccine contains 'graphene tracking'. The pharmacist just blinked.",
      "2020-04..|Three different people sent me the same 'my friend's cousin who works at the hospital' voice message this week. Same cousin, different hospital each time.",
    ],
  },
  neutral: {
    leads: [
      '{Fact check|FACT CHECK|Fact-check}: {claim that|post saying} {vitamin C cures covid|the vaccine contains a microchip|PCR tests detect the flu} {is false|is misleading|lacks evidence}',
      '{How to|Tips to} {spot|check} {fake|misleading} {health claims|covid posts|screenshots} {online|before sharing}',
      '{The platform|A big platform|One social network} {says|announced} it {removed|labelled} {thousands of|12 million} {posts|accounts} {for covid misinformation|under its health policy}',
      '{Study|Research|New report}: {a small number of accounts|12 accounts|a handful of sites} {behind|responsible for} {most|65% of} {anti-vaccine content|false covid claims}',
      '{Q|Question}: is this {screenshot|post} {from the health department|about new rules} {real|legit}?',
    ],
    tails: [
      'sources in the thread',
      "here's what the evidence says",
      'read the full explainer',
      'worth bookmarking',
      'via the fact-checking unit',
    ],
    whole: [
      "Before sharing a screenshot, search the agency's website for the same announcement. If it's not there, it probably isn't real. #infodemic",
      "2020-04..|The WHO calls it an 'infodemic': too much information, some accurate, some not, making it hard to find reliable guidance.",
      "2021-03..|Reverse image search is your friend. That 'hospital corridor' photo is from a 2017 news story in another country.",
    ],
  },
};
