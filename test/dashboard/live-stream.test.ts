import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatEvent } from '../../src/dashboard/live-stream.ts';

test('an SSE event is one data line of JSON, so newlines in post text cannot break framing', () => {
  const chunk = formatEvent('posts', [{ text: 'line one\n\nevent: fake\ndata: x' }]);
  assert.equal(chunk.split('\n\n').length, 2);
  assert.match(chunk, /^event: posts\ndata: \[\{"text":"line one\\n\\nevent: fake\\ndata: x"\}\]\n\n$/);
});
