import type { ClassificationRecord } from '../../src/contracts/classification-record.ts';
import type { PostRecord } from '../../src/contracts/post-record.ts';

/** The values a reader fills in for the fields post contract v2 added (schemas/tweet.avsc). */
export const postV2Defaults = {
  platform: 'x',
  uri: '',
  url: null,
  author_did: null,
  langs: [],
  reply_to: null,
  edited_at: null,
} as const satisfies Partial<PostRecord>;

/** The values a reader fills in for the fields classification v3 added (schemas/classification.avsc). */
export const classificationV3Defaults = {
  platform: 'x',
  uri: '',
  url: null,
  reply_to: null,
  edited_at: null,
  label_status: 'ok',
} as const satisfies Partial<ClassificationRecord>;

export type V3Field = keyof typeof classificationV3Defaults;
