import type { Sentiment } from "./types.ts";

/** Hashtags people added to almost any pandemic post. */
export const GENERIC_TAGS = ["COVID19", "coronavirus", "covid", "pandemic", "Covid_19", "COVID"] as const;

/** Openings that go before a full sentence; `lower` says whether the sentence then starts lower-case. */
export const OPENERS: Record<Sentiment, readonly { text: string; lower: boolean }[]> = {
  positive: [
    { text: "ok so ", lower: true },
    { text: "honestly ", lower: true },
    { text: "Update: ", lower: false },
    { text: "Good news: ", lower: false },
    { text: "ngl ", lower: true },
    { text: "Not me crying because ", lower: true },
    { text: "Today's win: ", lower: false },
    { text: "Wholesome moment: ", lower: false },
  ],
  negative: [
    { text: "ok so ", lower: true },
    { text: "Update: ", lower: false },
    { text: "well. ", lower: true },
    { text: "honestly ", lower: true },
    { text: "Not gonna lie, ", lower: true },
    { text: "So apparently ", lower: true },
    { text: "Rant incoming. ", lower: false },
    { text: "Honestly? ", lower: false },
    { text: "Great. ", lower: false },
  ],
  neutral: [
    { text: "PSA: ", lower: false },
    { text: "FYI ", lower: false },
    { text: "Update: ", lower: false },
    { text: "Heads up: ", lower: false },
    { text: "NEW: ", lower: false },
    { text: "Reminder: ", lower: false },
  ],
};

/** Endings that follow the last sentence. */
export const CLOSERS: Record<Sentiment, readonly string[]> = {
  positive: ["🙌", "🥳", "❤️", "🙏", "💪", "😊", "🎉", "😭❤️", "✨", "🥹", "🙌🏽", "🫶"],
  negative: ["😩", "🙃", "😤", "💀", "🤦", "😡", "smh", "ugh", "😞", "🤬", "🫠", "😮‍💨"],
  neutral: ["👇", "ℹ️", "(1/2)", "📌", "🧵", "📊"],
};

/** Said after a question, on its own line or after it. */
export const QUESTION_TAILS: readonly string[] = [
  "asking for a friend",
  "thanks in advance",
  "genuinely asking",
  "anyone?",
  "curious what others think",
  "help pls",
  "would love to know",
];

/** Ways to glue a lead to a tail; `cap` says whether the tail starts a new sentence. */
export const JOINERS: readonly { text: string; cap: boolean }[] = [
  { text: ". ", cap: true },
  { text: ". ", cap: true },
  { text: ", ", cap: false },
  { text: " — ", cap: false },
  { text: "... ", cap: false },
  { text: " - ", cap: false },
  { text: "\n\n", cap: true },
  { text: "! ", cap: true },
];

/** Neutral posts read like notices: no exclamations, no 'and'. */
export const NEUTRAL_JOINERS: readonly { text: string; cap: boolean }[] = [
  { text: ". ", cap: true },
  { text: ". ", cap: true },
  { text: " — ", cap: false },
  { text: " - ", cap: false },
  { text: "\n\n", cap: true },
];

/**
 * Fictional accounts. `handle|Display Name|persona` where persona, when present, names the topics
 * (or `news`) the account mostly posts about. None of these stands for a real person.
 */
export const HANDLES: readonly string[] = [
  "nurse_jo|Jo 🩺|healthcare", "icu_marta|Marta R.|healthcare", "dr_amara_k|Dr Amara K|healthcare",
  "night_shift_rn|Sam (night shift)|healthcare", "paramedic_dee|Dee|healthcare", "wardsister_liz|Liz|healthcare",
  "mrs_okafor_teaches|Mrs Okafor|education", "mr_h_science|Mr H|education", "prof_lindqvist|Prof. Lindqvist|science_research",
  "year3_miss_p|Miss P 🍎|education", "zoomuni_survivor|zoom uni survivor|education", "kinder_kat|Kat|education",
  "virus_nerd_ana|Ana, virologist|science_research", "epi_tom|Tom, epidemiologist|science_research", "labrat_priya|Priya 🧪|science_research",
  "county_health_info|County Health Info|news", "metro_daily_news|Metro Daily|news", "riverside_gazette|Riverside Gazette|news",
  "factcheck_desk|The Fact Check Desk|misinformation", "healthdata_bot|Health Data Daily|news", "cityhall_updates|City Hall Updates|news",
  "localbiz_owner_ray|Ray's Bakery|economy_jobs", "bookshop_bea|Bea @ Corner Books|economy_jobs", "laidoff_larry|Larry|economy_jobs",
  "barista_benji|Benji ☕|economy_jobs", "gig_worker_gabs|Gabs|economy_jobs", "market_mike|Mike",
  "wanderlust_wren|Wren ✈️|travel", "stuck_in_lima|stuck in lima (for now)|travel", "passport_patty|Patty|travel",
  "hoops_and_naps|hoops & naps|sports_entertainment", "footy_fan_94|Footy Fan|sports_entertainment", "gig_goer_gina|Gina 🎶|sports_entertainment",
  "couchpotato_kev|Kev|sports_entertainment", "olympic_dreamer|Ella|sports_entertainment",
  "sourdough_sal|Sal 🍞|daily_life", "balcony_gardener|Balcony Garden|daily_life", "wfh_dad_of3|WFH dad of 3|daily_life",
  "catlady_renee|Renee|daily_life", "toilet_paper_hunter|TP Hunter|daily_life",
  "calm_mind_clara|Clara|mental_health", "therapy_talks_tee|Tee|mental_health", "anxious_andy|andy|mental_health",
  "mask_maker_mo|Mo's Masks|masks", "maskup_marcy|Marcy 😷|masks", "vax_hunter_vic|Vic|vaccines", "shot_finder_sue|Sue|vaccines",
  "jenny_from_the_block|Jenny", "tired_mom_tasha|Tasha", "daveyboy88|Dave", "lil_ms_sunshine|sunshine ☀️",
  "quietkid_noah|Noah", "ahmed_s|Ahmed S", "k_nakamura|Kenji Nakamura", "lucia_mx|Lucía", "grumpy_gary|Gary",
  "sarah_writes_stuff|Sarah", "the_real_mo|Mo", "bikelane_ben|Ben 🚲", "nana_of_7|Nana", "chloe_b|Chloe B",
  "uncle_rick_says|Rick", "pixelpenny|Penny", "leo_in_leeds|Leo", "amelia_reads|Amelia 📚", "jt_outdoors|JT",
  "dan_the_plumber|Dan", "kofi_a|Kofi", "rosie_posie|Rosie", "marco_p|Marco", "hannah_k|Hannah",
  "jordan_runs|Jordan", "big_sis_bex|Bex", "coffeeandchaos|coffee & chaos", "plantdad_raj|Raj 🌿", "meg_on_mondays|Meg",
  "not_a_doctor_phil|Phil (not a doctor)", "yasmin_h|Yasmin", "sunny_side_sam|Sam", "owen_t|Owen T", "fatima_z|Fatima",
  "grandpa_joe_tweets|Grandpa Joe", "ellie_rose|Ellie", "tomas_g|Tomás", "the_night_owl|night owl 🦉", "brianna_says|Bri",
  "ivan_codes|Ivan", "ruth_m|Ruth", "carlos_dad|Carlos", "aisha_k|Aisha", "minh_t|Minh", "zoe_zoe|Zoe",
  "ollie_w|Ollie", "gabi_r|Gabi", "sean_from_cork|Seán", "lena_berlin|Lena", "beatriz_sp|Beatriz", "giulia_mi|Giulia",
  "pierre_lyon|Pierre", "ingrid_h|Ingrid", "raf_perez|Rafa", "nadia_b|Nadia", "clare_bear|Clare", "will_w|Will",
  "the_bus_driver|Bus Driver Bob", "shelf_stacker_sue|Sue (nights)", "farmer_fran|Fran 🚜", "retired_ron|Ron",
  "student_sophie|Sophie", "uni_freshman_li|Li", "newmom_nina|Nina", "skeptical_steve|Steve", "ok_boomer_bill|Bill",
  "angry_at_everything|angry at everything", "meme_lord_max|Max", "deep_thoughts_dana|Dana", "worried_wendy|Wendy",
  "cheerful_chris|Chris", "hopeful_hana|Hana", "just_a_guy_jim|Jim", "annoyed_anna|Anna",
];
