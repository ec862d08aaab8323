import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { test } from 'node:test';
import { authorize, tokenCookieHeader, tokensMatch } from '../../src/dashboard/auth.ts';

function request(headers: Record<string, string>): IncomingMessage {
  return { headers } as unknown as IncomingMessage;
}
const url = (query = '') => new URL(`http://127.0.0.1/api/summary${query}`);

test('without a configured token everything is allowed', () => {
  assert.deepEqual(authorize(request({}), url(), undefined), { ok: true, viaQuery: false });
});

test('bearer header, query parameter and cookie are accepted; anything else is not', () => {
  const token = 'correct-horse-battery';
  assert.equal(authorize(request({ authorization: `Bearer ${token}` }), url(), token).ok, true);
  assert.deepEqual(authorize(request({}), url(`?token=${token}`), token), { ok: true, viaQuery: true });
  assert.equal(authorize(request({ cookie: `a=b; streamsense_dashboard_token=${token}` }), url(), token).ok, true);
  assert.equal(authorize(request({}), url(), token).ok, false);
  assert.equal(authorize(request({ authorization: `Bearer ${token}x` }), url(), token).ok, false);
  assert.equal(authorize(request({ authorization: token }), url(), token).ok, false);
  assert.equal(authorize(request({}), url('?token=wrong'), token).ok, false);
});

test('token comparison does not depend on length matching', () => {
  assert.equal(tokensMatch('a', 'a-much-longer-token'), false);
  assert.equal(tokensMatch(undefined, 'x'), false);
  assert.equal(tokensMatch('same-token', 'same-token'), true);
});

test('the cookie is HttpOnly and SameSite=Strict', () => {
  assert.match(tokenCookieHeader('t0k3n/='), /^streamsense_dashboard_token=t0k3n%2F%3D; HttpOnly; SameSite=Strict; Path=\/$/);
});
