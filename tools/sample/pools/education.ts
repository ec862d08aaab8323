import type { TopicPool } from '../types.ts';

export const education: TopicPool = {
  id: 'education',
  tags: ['remotelearning', 'teachers', 'education', 'onlinelearning'],
  inline: ['Zoom', 'homeschooling', 'teachers', 'exams', 'graduation'],
  mix: { positive: 24, negative: 30, neutral: 22 },
  positive: {
    leads: [
      '{My|Our} {6th graders|year 3 class|first graders} {put on|did} a {whole|full} {play|science fair|talent show} over {Zoom|Google Meet} {today|this afternoon}',
      '2020-09..2021-09|{First day|Day one} back in {the classroom|school|person} {and|&amp;} {the kids were so excited|nobody cried (except me)|everyone remembered their masks}',
      "{My son finally gets fractions thanks to his teacher's YouTube videos|Our daughter finally understood long division because of her patient teacher|My kid actually gets photosynthesis now thanks to the online tutor}",
      '{Graduated|Got my degree|Finished my masters} {from my bedroom|over Zoom|in my pajamas} {today|this week}',
      "{Teachers|Our school's teachers} {dropped off|delivered} {laptops|homework packets|lunches} {to every family|door to door} {this week|on Saturday}",
      '2020-04..|{Drive-by|Car parade} {graduation|celebration} for {the seniors|our class of 2020|the year 6 leavers}',
    ],
    tails: [
      'teachers deserve {so much more|every raise|the world}',
      'proud moment',
      'the kids are more resilient than we think',
      'not the year we planned but we made it',
      '{❤️|🍎|📚} so proud',
    ],
    whole: [
      "2020-04..2020-06|Asked my class what they miss most about school. Top answers: friends, recess, and 'the smell of the library'. I'm fine. totally fine 🥲 #teachers",
      "2020-04..2020-06|Homeschooling update: my 7yo taught ME how to mute everyone on Zoom. I'm learning more than she is.",
      '2020-05..2020-07|Class of 2020, you graduated during a pandemic. Nothing will ever scare you again. 🎓',
      "2020-09..|Kindergarten teacher on Zoom doing the hokey pokey with 22 five year olds is the most heroic thing I've seen all year.",
    ],
  },
  negative: {
    leads: [
      '2020-03..2021-06|{Remote learning|Zoom school|Online school} {day 40|week 9|again} and {my kid is just crying at the laptop|nobody has turned their camera on|the wifi died during a test}',
      '{Working full time|Two full time jobs} {and|while} {homeschooling|teaching} {two kids|three kids|a 6 year old}',
      '2020-08..|{Schools|Our school} {reopened|reopening} {without|with no} {ventilation upgrades|proper distancing|plan for when someone tests positive}',
      '{Paying|Still paying} {full tuition|$40k|£9,250} for {pre-recorded lectures|Zoom University|a webcam and a PDF}',
      '2020-09..|{Whole class|Half the grade|Our year group} {sent home|quarantined} {again|for 14 days} after {one positive case|a positive test}',
      '{My|Our} {daughter|son|students} {fell behind|are behind} {a full year|months} in {reading|math|everything}',
      "2020-03..|{No laptop|One laptop for 3 kids|No internet at home} {means|so} {my kids|half my students} {can't log in|missed weeks}",
    ],
    tails: [
      "this isn't education, it's survival",
      'parents are drowning',
      "I'm failing at everything",
      'nobody planned for this',
      'the kids are not okay',
      'this is so unfair to them',
    ],
    whole: [
      "2020-04..2020-06|My son's 'school day' is 4 zoom calls, 12 worksheets and 1 meltdown. Sometimes his, mostly mine. #remotelearning",
      "2020-09..2021-06|Teaching in person AND on zoom at the same time is not a job, it's two jobs and a tech support role.",
      '2020-03..2020-06|My senior year ended on a Thursday in March and nobody told us it was the last day.',
      '2020-04..2021-03|The kids who needed school most are the ones with no wifi. Free lunches, safe space, teachers who notice. Gone.',
      '2020-09..2021-05|Lectures recorded in 2019 with the audio of a potato. Same fees. Cool uni.',
    ],
  },
  neutral: {
    leads: [
      '2020-03..|{Schools|All schools|Public schools} {will close|to close|closing} {from Monday|until April 17|until further notice}',
      '2020-07..|{District|School board} {to decide|votes} {on|tonight on} {in-person vs remote|a hybrid model|the reopening plan}',
      '2020-03..|{Free|Good} {resources|websites} for {learning at home|home learning|homeschooling}',
      '2020-05..|{Exams|GCSEs and A-levels|Finals} {cancelled|replaced with teacher assessed grades} {this year|for 2020|for 2021}',
      '2020-08..|{Hybrid schedule|Hybrid plan} {explained|for the fall}: {group A Mon/Tue, group B Thu/Fri|alternate weeks|mornings only}',
      '{Q|Question} for {teachers|parents}: which {platform|app} {does your school use|works best} for {online class|remote lessons}?',
    ],
    tails: ['link below', 'more to follow', 'more details {Friday|next week}', 'via the education dept'],
    whole: [
      '2020-03..2020-06|School meal pickups continue at 8 sites, weekdays 11am-1pm. No ID needed. Any child under 18.',
      "2020-08..|Our district's fall plan: K-2 in person, 3-12 hybrid, with a fully remote option for any family. Enrollment form due Aug 1.",
      '2021-01..|University will keep lectures online for the spring term; labs and seminars in person with masks.',
    ],
  },
};
