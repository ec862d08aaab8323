import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * Access token check. The token may come as `Authorization: Bearer <t>`, as `?token=<t>`
 * (EventSource cannot set headers) or as the HttpOnly cookie the server sets when the page
 * itself is opened with `?token=`, so the page's own requests carry it without scripting.
 */
export const tokenCookie = 'streamsense_dashboard_token';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function tokensMatch(given: string | undefined, expected: string): boolean {
  if (given === undefined) return false;
  return timingSafeEqual(digest(given), digest(expected));
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export interface AuthResult {
  ok: boolean;
  /** True when the token came in the query string (the server then sets the cookie). */
  viaQuery: boolean;
}

export function authorize(req: IncomingMessage, url: URL, token: string | undefined): AuthResult {
  if (token === undefined) return { ok: true, viaQuery: false };
  const header = req.headers.authorization;
  const bearer = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
  if (tokensMatch(bearer, token)) return { ok: true, viaQuery: false };
  if (tokensMatch(url.searchParams.get('token') ?? undefined, token)) return { ok: true, viaQuery: true };
  return { ok: tokensMatch(cookieValue(req.headers.cookie, tokenCookie), token), viaQuery: false };
}

export function tokenCookieHeader(token: string): string {
  return `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}
