/**
 * Every Kafka topic of the project, declared once. Other modules import names from here; the
 * stack creates them (`npm run stack -- up`). Values use the Confluent wire format with
 * TopicNameStrategy, so a topic's value subject is `<topic>-value`.
 */
export const Topic = {
  RAW: 'tweets.raw',
  CLASSIFIED: 'tweets.classified',
  RAW_DLQ: 'tweets.raw.dlq',
  CLASSIFIED_DLQ: 'tweets.classified.dlq',
  /** Compacted: where each resumable source got to (src/produce/state-store.ts). */
  PRODUCE_STATE: 'streamsense.produce.state',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

export const TopicRole = { DATA: 'data', DEAD_LETTER: 'dead-letter', STATE: 'state' } as const;
export type TopicRole = (typeof TopicRole)[keyof typeof TopicRole];

export interface TopicDeclaration {
  readonly name: Topic;
  readonly role: TopicRole;
  readonly description: string;
  /** Where records that cannot be processed from this topic go. */
  readonly deadLetter?: Topic;
  /** Topic-level configs applied at creation. */
  readonly configs: Readonly<Record<string, string>>;
}

const week = String(7 * 24 * 3600 * 1000);
const month = String(30 * 24 * 3600 * 1000);

export const topics: readonly TopicDeclaration[] = [
  {
    name: Topic.RAW,
    role: TopicRole.DATA,
    description: 'posts as ingested (Avro, tweet.avsc), keyed by post id',
    deadLetter: Topic.RAW_DLQ,
    configs: { 'retention.ms': week },
  },
  {
    name: Topic.CLASSIFIED,
    role: TopicRole.DATA,
    description: 'posts with sentiment and topic (Avro, classification.avsc), keyed by post id',
    deadLetter: Topic.CLASSIFIED_DLQ,
    configs: { 'retention.ms': week },
  },
  {
    name: Topic.RAW_DLQ,
    role: TopicRole.DEAD_LETTER,
    description: 'raw records the classifier could not decode or process, with the reason in headers',
    configs: { 'retention.ms': month },
  },
  {
    name: Topic.CLASSIFIED_DLQ,
    role: TopicRole.DEAD_LETTER,
    description: 'classified records the sink could not decode or write, with the reason in headers',
    configs: { 'retention.ms': month },
  },
  {
    name: Topic.PRODUCE_STATE,
    role: TopicRole.STATE,
    description: 'where each resumable source (Bluesky cursor, Mastodon last id) got to, keyed by source and topic; compacted',
    configs: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '60000' },
  },
];

/** The registry subject of a topic's values (TopicNameStrategy). */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
