/** Consumer groups of the pipeline's stages, declared once. */
export const ConsumerGroup = {
  CLASSIFY: 'streamsense-classify',
  SINK: 'streamsense-sink',
} as const;
export type ConsumerGroup = (typeof ConsumerGroup)[keyof typeof ConsumerGroup];
