import type { TopicPool } from '../types.ts';

export const scienceResearch: TopicPool = {
  id: 'science_research',
  tags: ['science', 'research', 'COVIDresearch', 'SciComm'],
  inline: ['preprint', 'mRNA', 'sequencing', 'science', 'variant'],
  mix: { positive: 26, negative: 22, neutral: 28 },
  positive: {
    leads: [
      '2020-01..2020-03|{Scientists|Researchers} {published|shared} the {virus genome|genetic sequence} {within weeks|in days} {and|so} {labs everywhere|teams worldwide} {started work|got going}',
      '2020-06..|{Large|Big|Randomised} trial {shows|finds} {dexamethasone|a cheap steroid} {cuts deaths|reduces mortality} {in ventilated patients|by a third}',
      '{Our|My} {lab|team} {just|finally} {got|had} {our|the} {paper|preprint} {accepted|published} {on|about} {antibody durability|T cell responses|transmission in households}',
      '{Genomic|Sequencing} {surveillance|labs} {caught|spotted} {the new variant|it} {fast|within days|early}',
      '2021-11..|{Antiviral pill|New antiviral} {cuts|reduces} {hospitalisation|severe disease} {by about 89%|dramatically} {in trial|in high-risk adults}',
      '{Open data|Data sharing|Preprints} {during|in} {this pandemic|covid} {changed|sped up} {everything|science} {for the better|forever}',
      '{The|This} {wastewater|sewage} monitoring {project|program} {picks up|caught} {outbreaks|rises} {days before|a week before} {testing does|cases show up}',
    ],
    tails: [
      'science is {amazing|incredible|the best}',
      'decades of boring research paying off',
      'this is huge',
      'so proud of {this field|my colleagues|these teams}',
      'nerd tears {🧪|🔬|🧬}',
    ],
    whole: [
      "2020-12..|mRNA vaccines were 'overnight' only if you ignore the 30 years of research that came before them. Thank a basic scientist today. 🧬",
      '2021-01..|Grad student life during covid: ran 14,000 PCR samples, wrote 1 thesis chapter, learned to love the lab at 3am. #research',
      'Just watched a virologist explain R0 with a bag of sweets to a room of 10 year olds. Best science communication of the year.',
    ],
  },
  negative: {
    leads: [
      "{Another|A} {preprint|paper} {with|based on} {n=12|12 patients|no control group} {going viral|all over the news} {as if it's proof|like it settles anything}",
      '{Retracted|Withdrawn} {study|paper} on {hydroxychloroquine|ivermectin|a miracle cure} {still being shared|still quoted} {everywhere|by millions}',
      '{Funding|Research funding} for {long covid|pandemic preparedness|public health labs} {cut|slashed} {again|this year}',
      '{Lab|Our lab} {closed|shut} for {months|half a year} and {my PhD is set back a year|our experiments are ruined|two years of samples are gone}',
      '{Scientists|Researchers|Epidemiologists} {getting|receiving} {death threats|abuse online|hate mail} {for|over} {sharing data|their work}',
      "{Still|We still} {don't know|have no idea} {why long covid happens|why some people get so sick and others don't|how long loss of smell lasts}",
    ],
    tails: [
      'this is frustrating',
      'science communication has failed here',
      'peer review exists for a reason',
      "nobody wants to hear 'we don't know yet'",
      'heartbreaking honestly',
    ],
    whole: [
      'Watching people treat a preprint as gospel and a 40,000 person trial as propaganda is giving me a headache. #science',
      '2021-06..|Long covid patients have waited over a year for research that takes them seriously. Some of them are my colleagues.',
      "2020-05..|My thesis data is in a freezer in a lab I can't enter. My funding runs out in October. Cool.",
    ],
  },
  neutral: {
    leads: [
      '{New|Recent} {study|preprint|paper} {on|looks at} {airborne transmission|indoor ventilation|antibody levels after 6 months|how long the virus survives on surfaces}',
      '{Interim|Early|Final} results {from|of} the {trial|study} {expected|due} {next month|by the end of the year|in spring}',
      '{Variant|Sequencing} {update|report}: {the|a} new lineage {has|carries} {several|a few} {mutations|changes} in the spike protein',
      '{Q|Question} for {epidemiologists|virologists|science folks}: {how long do incubation periods really last|why do some variants spread faster|how long does immunity last after infection}?',
    ],
    tails: ['not yet peer reviewed', 'link to the paper', 'small sample, worth watching', 'methods in the supplement', 'interesting read'],
    whole: [
      '{Researchers|Scientists} {are recruiting|seek} {volunteers|participants} for a {long covid|vaccine response|household transmission} study. Online questionnaire plus two blood samples.',
      '{Explainer|Thread}: what {the R number|herd immunity|viral load} means, in plain English 🧵',
      'Preprint = shared before peer review. Useful for speed, but treat the findings as preliminary until other scientists check them.',
      '2020-07..|Aerosol scientists recommend opening windows, using HEPA filters and limiting time indoors with other households.',
      '2021-02..|The study followed 3,000 healthcare workers for 6 months and measured antibodies every 2 weeks. Full data in the journal.',
    ],
  },
};
