/**
 * Lines a validator must reject, appended after the valid posts. Each breaks one rule; all else
 * about them is well formed, so a validator that rejects them rejects them for the right reason.
 */
const author = { id: '2718281828', handle: 'grumpy_gary' };
const metrics = { like_count: 0, retweet_count: 0, reply_count: 0, quote_count: 0 };

export const INVALID_LINES: readonly { reason: string; line: string }[] = [
  {
    reason: 'not JSON: the object is cut off mid-string',
    line: '{"id":"1541900000000000001","text":"Cases are rising again in the county and the testing site on Elm St is',
  },
  {
    reason: 'no `id` field',
    line: JSON.stringify({
      text: 'This post has no id field at all #COVID19',
      created_at: '2022-06-29T09:15:00.000Z',
      author,
      lang: 'en',
      hashtags: ['COVID19'],
      metrics,
    }),
  },
  {
    reason: '`text` is the empty string',
    line: JSON.stringify({
      id: '1541900000000000003',
      text: '',
      created_at: '2022-06-29T10:02:00.000Z',
      author,
      lang: 'en',
      hashtags: [],
      metrics,
    }),
  },
  {
    reason: '`created_at` is "not a date"',
    line: JSON.stringify({
      id: '1541900000000000004',
      text: 'Booster clinic at the library is open until 6pm today.',
      created_at: 'not a date',
      author,
      lang: 'en',
      hashtags: [],
      metrics,
    }),
  },
  {
    reason: '`text` is a number, not a string',
    line: JSON.stringify({
      id: '1541900000000000005',
      text: 42,
      created_at: '2022-06-29T11:47:00.000Z',
      author,
      lang: 'en',
      hashtags: [],
      metrics,
    }),
  },
];
