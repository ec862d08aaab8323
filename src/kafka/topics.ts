/**
 * Every topic of the pipeline, declared once: its name, what it carries and its dead-letter
 * topic. Stages import names from here; `stack up` creates them.
 */
export const Topics = {
  raw: 'tweets.raw',
  classified: 'tweets.classified',
  rawDlq: 'tweets.raw.dlq',
  classifiedDlq: 'tweets.classified.dlq',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

export const ALL_TOPICS: readonly TopicName[] = Object.values(Topics);

export const ConsumerGroups = {
  classify: 'streamsense-classify',
  sink: 'streamsense-sink',
} as const;
