import type { Sentiment, TopicId } from './types.ts';

/** A complete post written by hand, outside the topic pools. */
export interface Extra {
  topic: TopicId | 'none';
  sentiment: Sentiment;
  lang: string;
  /** May start with a `FROM..TO|` window like pool fragments. */
  text: string;
}

const x = (topic: Extra['topic'], sentiment: Sentiment, lang: string, text: string): Extra => ({ topic, sentiment, lang, text });

/** About 3% of the sample: posts in other languages, including two right-to-left scripts. */
export const NON_ENGLISH: readonly Extra[] = [
  x(
    'vaccines',
    'positive',
    'es',
    '2021-04..|¡Por fin me pusieron la segunda dosis! Gracias a todo el personal del centro de vacunación 💉🙏 #YoMeVacuno',
  ),
  x(
    'lockdowns',
    'negative',
    'es',
    '2020-04..2020-05|Día 40 de cuarentena y ya no sé ni qué día es. Mis hijos se suben por las paredes 😩 #QuédateEnCasa',
  ),
  x(
    'healthcare',
    'negative',
    'es',
    'Las enfermeras del hospital llevan turnos de 16 horas sin descanso. Los aplausos no pagan el alquiler.',
  ),
  x('economy_jobs', 'negative', 'es', 'Cerró el bar de mi barrio después de 30 años. Qué pena más grande. #COVID19'),
  x(
    'masks',
    'neutral',
    'es',
    '2020-05..2020-07|Desde mañana es obligatorio usar mascarilla en el transporte público. Los menores de 6 años están exentos.',
  ),
  x(
    'testing_cases',
    'neutral',
    'es',
    'Hoy se registraron 3.214 nuevos casos y 41 fallecidos en la región, según el Ministerio de Sanidad.',
  ),
  x(
    'education',
    'negative',
    'es',
    '2020-04..2021-03|Mi hija lleva tres semanas sin poder conectarse a las clases online porque no tenemos buen internet 😞',
  ),
  x(
    'sports_entertainment',
    'positive',
    'es',
    '2020-06..2020-07|¡Vuelve la liga! Aunque sea sin público, qué alegría ver fútbol otra vez ⚽',
  ),
  x(
    'misinformation',
    'negative',
    'es',
    '2020-04..|Mi tía sigue mandando audios de WhatsApp diciendo que el 5G causa el virus. Ya no puedo más 🤦‍♀️',
  ),
  x(
    'lockdowns',
    'neutral',
    'fr',
    "2020-03..2020-04|Confinement : l'attestation de déplacement est obligatoire à partir de demain midi. #confinement",
  ),
  x('vaccines', 'negative', 'fr', "2021-03..2021-05|Impossible de trouver un créneau de vaccination avant juin… c'est une blague ?"),
  x('daily_life', 'positive', 'fr', '2020-03..2020-05|Premier pain maison réussi pendant le confinement 🍞 je suis trop fière !'),
  x('mental_health', 'negative', 'fr', "Le confinement me pèse vraiment. Je n'ai parlé à personne en vrai depuis des semaines."),
  x('travel', 'neutral', 'fr', '2021-07..2021-08|Pass sanitaire obligatoire dans les trains longue distance à partir du 9 août.'),
  x('healthcare', 'positive', 'fr', '2020-03..2020-05|20h, on applaudit les soignants depuis le balcon. Merci à vous ❤️ #MerciLesSoignants'),
  x('politics', 'negative', 'fr', "Encore une conférence de presse du gouvernement où on n'a rien appris. Bravo."),
  x('masks', 'neutral', 'de', '2021-01..2021-02|Ab Montag gilt in Bayern FFP2-Maskenpflicht im Nahverkehr und im Einzelhandel.'),
  x('testing_cases', 'positive', 'de', '2021-03..|Schnelltest negativ ✅ Endlich kann ich meine Oma besuchen.'),
  x('lockdowns', 'negative', 'de', '2020-11..2021-04|Schon wieder wird der Lockdown verlängert. Ich kann einfach nicht mehr. #Lockdown'),
  x('education', 'neutral', 'de', '2020-12..2021-01|Die Schulen bleiben bis Ende Januar geschlossen, eine Notbetreuung ist aber möglich.'),
  x('economy_jobs', 'negative', 'de', '2020-06..2020-12|Seit März in Kurzarbeit und jetzt auch noch die Kündigung. Super Jahr, 2020.'),
  x(
    'science_research',
    'positive',
    'de',
    '2020-12..|Einen Impfstoff in weniger als einem Jahr zu entwickeln ist eine unglaubliche wissenschaftliche Leistung. #Wissenschaft',
  ),
  x('vaccines', 'positive', 'pt', '2021-03..|Vacinado! Viva o SUS 💉💛💚 #VacinaSim'),
  x('healthcare', 'negative', 'pt', '2021-01..2021-04|Os hospitais aqui estão lotados e está faltando oxigênio. Que pesadelo.'),
  x('daily_life', 'neutral', 'pt', 'Alguém sabe se os supermercados abrem no feriado durante a quarentena?'),
  x('mental_health', 'positive', 'pt', 'Comecei a fazer terapia online na pandemia e foi a melhor decisão que tomei.'),
  x(
    'sports_entertainment',
    'negative',
    'pt',
    '2021-03..2021-04|Campeonato suspenso de novo. Futebol sem torcida já era triste, agora nem isso.',
  ),
  x(
    'misinformation',
    'neutral',
    'pt',
    '2021-01..|Checamos: é falso que a vacina altera o DNA. Entenda por quê no link https://example.com/checagem/vacina-dna',
  ),
  x(
    'lockdowns',
    'positive',
    'it',
    '2020-03..2020-04|Stasera tutto il palazzo ha cantato dai balconi. Andrà tutto bene 🌈🇮🇹 #andratuttobene',
  ),
  x(
    'lockdowns',
    'neutral',
    'it',
    "2020-03..2020-03|Da domani tutta l'Italia diventa zona protetta. Spostamenti solo per lavoro, salute o necessità.",
  ),
  x('travel', 'negative', 'it', 'Volo cancellato per la terza volta e la compagnia non risponde. Vergogna.'),
  x(
    'education',
    'positive',
    'it',
    '2020-03..2021-06|La maestra di mio figlio fa lezione su Zoom con una pazienza infinita. Grazie maestra!',
  ),
  x('economy_jobs', 'neutral', 'it', 'Il governo approva il decreto con gli aiuti per bar e ristoranti chiusi.'),
  x('lockdowns', 'positive', 'ar', '2020-03..2020-06|خليك في البيت 🏠 نحمي بعض #خليك_في_البيت'),
  x('masks', 'neutral', 'ar', '2020-05..|\u200Fالكمامات إلزامية في المواصلات العامة ابتداءً من الغد #COVID19'),
  x('vaccines', 'positive', 'he', '2021-01..2021-04|קיבלתי היום את החיסון השני 💉 תודה לכל הצוות!'),
];

/** Posts that stress a parser or a tokenizer: emoji only, URL only, invisible characters, caps. */
export const ODD: readonly Extra[] = [
  x('none', 'neutral', 'und', '😷😷😷'),
  x('none', 'positive', 'und', '2021-01..|💉✅🙌'),
  x('none', 'negative', 'und', '🦠🦠🦠🦠😩'),
  x('none', 'negative', 'und', '2020-03..2020-04|🧻🧻🧻🛒😱'),
  x('none', 'neutral', 'und', '🏠📺🛋️🍕'),
  x('none', 'neutral', 'und', 'https://t.co/9fKq2LmZxW'),
  x('none', 'neutral', 'und', 'https://example.com/covid/updates'),
  x('none', 'neutral', 'und', '👀 https://t.co/Qm3vT8xWkL'),
  x('none', 'positive', 'und', '@nurse_jo @dr_amara_k 👏👏👏'),
  x('none', 'neutral', 'und', '2020-03..2020-05|#COVID19 #StayHome #FlattenTheCurve'),
  x('lockdowns', 'negative', 'en', '2020-03..2020-04|STAY HOME!!! HOW MANY TIMES DO WE HAVE TO SAY IT. STAY. HOME.'),
  x('vaccines', 'positive', 'en', "2021-03..2021-07|I GOT THE VACCINE!!!!!!!!! 💉💉💉 LET'S GOOOOOO"),
  x('daily_life', 'positive', 'en', '2020-07..2020-09|THE GYMS ARE OPEN. I REPEAT. THE GYMS ARE OPEN. 🏋️'),
  x('testing_cases', 'negative', 'en', 'why?????? why is the only testing site closed on a tuesday??????'),
  x('education', 'negative', 'en', '2020-03..2020-03|wait... what... schools are closing... TOMORROW...?!?!?!'),
  x(
    'lockdowns',
    'neutral',
    'en',
    '2020-04..2020-06|soooo... are we allowed on the beach or not??? the rules say one thing and the police say another!!!!',
  ),
  x(
    'misinformation',
    'negative',
    'en',
    "v\u200Ba\u200Bc\u200Bc\u200Bi\u200Bn\u200Be\u200Bs are poison and they don't want you to know. do your own r\u200Besearch",
  ),
  x(
    'daily_life',
    'negative',
    'en',
    "\uFEFFLockdown update from our building: the lift is out again and the bins haven't been collected in 2 weeks.",
  ),
  x('vaccines', 'positive', 'en', '2021-02..|Booked my vac\u00ADcine appointment for Thursday 🙏'),
  x('healthcare', 'positive', 'en', 'Proud of my wife 👩\u200D⚕️ who just finished her 30th covid shift this month. Love you.'),
  x(
    'daily_life',
    'positive',
    'en',
    '2020-06..|The cafe\u0301 on our corner reopened today and the barista remembered my order after 3 months ☕',
  ),
  x('masks', 'positive', 'en', "2020-05..|𝗪𝗘𝗔𝗥 𝗔 𝗠𝗔𝗦𝗞. it's that simple."),
  x('testing_cases', 'neutral', 'en', '  testing centre on Elm St closing early today (3pm)\tbring your booking code  '),
  x('healthcare', 'positive', 'en', "Nurses &gt; everyone. That's the tweet. &lt;3"),
  x(
    'testing_cases',
    'neutral',
    'en',
    '2020-06..|RT @county_health_info: Free drive-thru testing this Saturday at the fairgrounds, 9am-3pm. No appointment needed.',
  ),
  x(
    'daily_life',
    'positive',
    'en',
    '2020-03..2020-05|Lockdown checklist:\n- coffee ✅\n- toilet paper ✅\n- patience ❌\n- wifi password for the kids ✅',
  ),
  x(
    'sports_entertainment',
    'positive',
    'en',
    '2021-08..2021-08|Congrats to every athlete at the Games 🇯🇵🇧🇷🇳🇬🇺🇸🇮🇳 you did it in the hardest year 👏🏽👏🏾👏🏿',
  ),
  x('lockdowns', 'negative', 'en', '2021-01..2021-02|ugh. lockdown 3.'),
  x('testing_cases', 'negative', 'en', '2021-12..2022-01|omicron: 1, me: 0'),
];

/** Posts near the 280 character limit, and three far above it (long-form posts). */
export const LONG: readonly Extra[] = [
  x(
    'daily_life',
    'positive',
    'en',
    "2020-05..2020-07|Things I've learned in lockdown: 1) I can bake bread 2) my neighbour's name is Doreen and she's a legend 3) the cat has a schedule and I am not on it 4) I actually like running?? 5) a video call can't replace a hug but it gets close when it's your grandma laughing at you",
  ),
  x(
    'politics',
    'negative',
    'en',
    "2020-10..2021-01|Every week a new rule, every rule announced at a press conference at 5pm on a Friday, every press conference followed by a 'clarification' on Saturday. People want to do the right thing. You just have to tell them what it is, once, clearly, and stick to it for more than 72 hours.",
  ),
  x(
    'mental_health',
    'neutral',
    'en',
    "If you've felt more tired, forgetful or irritable this year, you're not imagining it. Long periods of stress and isolation affect sleep, memory and mood. Routines, daylight, movement and talking to someone all help. If it's not lifting after a few weeks, please see your GP.",
  ),
  x(
    'travel',
    'negative',
    'en',
    '2021-06..2021-12|Booked the flight. Booked the PCR. Filled in the passenger locator form. Uploaded the vaccine cert. Booked the day 2 test. Flight moved by 6 hours so the PCR is now outside the window. Rebooked the PCR. Airline app crashed at check-in. Reader, I did not go on holiday.',
  ),
  x(
    'vaccines',
    'neutral',
    'en',
    "2021-04..|Vaccine FAQ from our clinic, since we keep getting the same questions: yes, you can get it if you've had covid; no, you don't need proof of address; yes, you can eat before; the 15 minute wait is for everyone; and no, it will not connect your phone to the wifi.",
  ),
  x(
    'economy_jobs',
    'negative',
    'en',
    "2020-11..2021-03|In 2017 I opened a tiny cafe with my savings. March: closed. June: reopened at half capacity. November: closed again. I've applied for four grants, got one, and it covered six weeks of rent. I'm not asking for a bailout, I'm asking for a plan that lasts longer than a fortnight.",
  ),
  x(
    'sports_entertainment',
    'positive',
    'en',
    "2021-08..2021-12|Went to my first match in 18 months today. Queued in the rain, showed my vaccine pass, lost my voice by half time, hugged a stranger when we scored in the 89th minute. We lost 2-1 in the end. Didn't matter one bit. I'd forgotten how much I needed to be in a crowd.",
  ),
  x(
    'misinformation',
    'negative',
    'en',
    '2021-02..|My cousin sent me a 40 minute video "that doctors don\'t want you to see". I watched it. The "doctor" is a chiropractor, the charts have no axes and half the clips are from 2009. I sent her three links and a long voice note. She replied with a thumbs up. Progress?',
  ),
  x(
    'healthcare',
    'negative',
    'en',
    "2020-12..2021-03|I've been a nurse for 14 years and I want to tell you what a shift looks like right now, because I don't think people outside the hospital can picture it.\n\nI get in at 6:40. Before I've put my bag down there are two new admissions waiting in the corridor because there is no bed. Every patient on my side is on high-flow oxygen. We prone people, turn them onto their stomachs, four of us per patient, every few hours. I hold an iPad so a daughter can say goodbye to her mum. Then I go and hang a bag of antibiotics for the next one.\n\nI don't eat until 3pm. I don't pee until 4. The PPE leaves marks on my face that are still there when I wake up the next morning. My colleagues are exhausted, crying in the supply room, then walking back out and doing it again.\n\nWe are not heroes, we are people, and we are running out. Please wear the mask, get the vaccine when it's your turn, and stay home if you're sick. It really is the one thing you can do that helps us.\n\nAnd if you see a nurse in the supermarket at 9pm in crumpled scrubs, let her go ahead of you in the queue. #HealthcareHeroes",
  ),
  x(
    'education',
    'negative',
    'en',
    "2020-04..2020-06|Long one, sorry. I'm a single mum with two kids (7 and 11) and a full-time job that somehow became \"flexible\" overnight, which means I work from 5am to 8am, then teach fractions and phonics until lunch, then work again while they watch something, then answer emails at 10pm. The school sends a 14-page pack every Monday. The 11 year old's laptop is a hand-me-down that takes six minutes to open the class portal. The 7 year old cries every time she has to unmute. Her teacher is lovely and clearly drowning too; she replies to messages at midnight. I'm not writing this to complain about the teachers, they're doing their best with nothing. I'm writing it because every article about \"lockdown learning\" seems to assume a parent at home with time, a quiet room and a printer. Most of us have none of those. The kids will be fine, probably, kids are resilient. But we should stop pretending this is school. It's survival with worksheets. If your boss is reading this: the 9am all-hands is not happening for me, and that's fine. #remotelearning",
  ),
  x(
    'science_research',
    'neutral',
    'en',
    '2020-07..|A few people asked what "airborne" actually means, so here\'s my attempt in plain language. When you breathe, talk, sing or cough you release particles of all sizes. The big ones (droplets) fall to the ground within a metre or two, which is where the two-metre advice came from. The small ones (aerosols) can float in the air for minutes to hours, a bit like cigarette smoke, and indoors, in a room with poor ventilation, they build up over time. That\'s why outbreaks cluster in choir practices, restaurants, gyms and offices, and why outdoor transmission is much rarer. What helps: opening windows, even a little; HEPA air filters sized for the room; masks that fit well; keeping indoor gatherings short and small. None of these is perfect on its own, but each one lowers the dose you breathe in, and the layers add up. Think of it like someone smoking indoors: you can smell it from across the room, more so if the room is small and the windows are shut, and much less outdoors. Happy to answer questions below. And yes, the advice shifted for a while; the evidence has been getting clearer. #science #COVID19',
  ),
];
