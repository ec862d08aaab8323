/**
 * A local stand-in for the X API v2 filtered stream (a third-party internet API, so a fake is
 * the only way to test against it offline). It speaks the documented endpoints and shapes:
 * https://developer.x.com/en/docs/x-api/tweets/filtered-stream/api-reference
 *   GET  /2/tweets/search/stream/rules
 *   POST /2/tweets/search/stream/rules   ({"add":[{value,tag}]} or {"delete":{"ids":[...]}}, ?dry_run=true)
 *   GET  /2/tweets/search/stream         (chunked JSON lines ending in \r\n, bare \r\n heartbeats)
 * Every request needs `Authorization: Bearer <token>`. Like the real API, one stream connection
 * at a time is allowed; a second gets 429 TooManyConnections.
 */

import { EventEmitter, once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import { listenLoopback, loopbackUrl } from './loopback.ts';

export interface FakeRule {
  id: string;
  value: string;
  tag?: string;
}
export interface FakeUser {
  id: string;
  username: string;
  name?: string;
}

export interface FakeXServerOptions {
  bearerToken: string;
  /** Interval of `\r\n` keep-alive heartbeats on open streams (X sends one every 20 s). */
  heartbeatMs?: number;
}

const RULES_PATH = '/2/tweets/search/stream/rules';
const STREAM_PATH = '/2/tweets/search/stream';

function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': `${type}; charset=utf-8`, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function sendProblem(res: ServerResponse, status: number, problem: Record<string, unknown>): void {
  sendJson(res, status, { status, ...problem }, 'application/problem+json');
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export class FakeXServer {
  readonly #options: Required<FakeXServerOptions>;
  readonly #server = createServer((req, res) => void this.#handle(req, res));
  readonly #changes = new EventEmitter();
  readonly #streams = new Set<ServerResponse>();
  readonly #pendingFailures: { status: number; problem: Record<string, unknown> }[] = [];
  #rules: FakeRule[] = [];
  #nextRuleId = 1_500_000_000_000_000_000n;
  /** Bodies of every POST to the rules endpoint, in order. */
  readonly ruleRequests: unknown[] = [];
  /** Query strings of every accepted stream connection, in order. */
  readonly streamQueries: URLSearchParams[] = [];
  /** Requests turned away with 401. */
  unauthorized = 0;

  constructor(options: FakeXServerOptions) {
    this.#options = { heartbeatMs: 20_000, ...options };
  }

  async listen(): Promise<this> {
    await listenLoopback(this.#server);
    return this;
  }

  get url(): string {
    return loopbackUrl(this.#server);
  }

  get rules(): readonly FakeRule[] {
    return this.#rules;
  }
  get streamConnections(): number {
    return this.streamQueries.length;
  }
  get openStreams(): number {
    return this.#streams.size;
  }

  /** Rules that exist before the source starts (e.g. left over from an earlier run). */
  seedRules(rules: { value: string; tag?: string }[]): FakeRule[] {
    const created = rules.map((rule) => ({ id: this.#newRuleId(), ...rule }));
    this.#rules.push(...created);
    return created;
  }

  /** The next `count` stream connections fail with `status` and a problem body. */
  failStreamConnects(
    count: number,
    status: number,
    problem: Record<string, unknown> = { title: 'Service Unavailable', detail: 'Service Unavailable', type: 'about:blank' },
  ): void {
    for (let i = 0; i < count; i++) this.#pendingFailures.push({ status, problem });
  }

  /** Sends a tweet on every open stream, matched by all current rules. */
  pushTweet(data: Record<string, unknown>, users: FakeUser[] = []): void {
    const matching_rules = this.#rules.map(({ id, tag }) => ({ id, tag: tag ?? '' }));
    this.pushLine(JSON.stringify({ data, includes: { users }, matching_rules }));
  }

  /** Sends one raw line (the `\r\n` is added) on every open stream. */
  pushLine(line: string): void {
    if (this.#streams.size === 0) throw new Error('fake X: no open stream to push to; await waitFor() first');
    for (const res of this.#streams) res.write(`${line}\r\n`);
  }

  heartbeat(): void {
    for (const res of this.#streams) res.write('\r\n');
  }

  /** Cuts every open stream mid-response, as a network failure would. */
  dropStreams(): void {
    const streams = [...this.#streams];
    this.#streams.clear();
    for (const res of streams) res.socket?.destroy();
    this.#changed();
  }

  /** Resolves once `predicate(this)` holds; re-checked after every state change. */
  async waitFor(predicate: (server: this) => boolean): Promise<void> {
    while (!predicate(this)) await once(this.#changes, 'change');
  }

  async close(): Promise<void> {
    this.dropStreams();
    this.#server.closeAllConnections();
    this.#server.close();
    await once(this.#server, 'close');
  }

  #changed(): void {
    this.#changes.emit('change');
  }

  #newRuleId(): string {
    return String(this.#nextRuleId++);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.headers.authorization !== `Bearer ${this.#options.bearerToken}`) {
      this.unauthorized++;
      sendProblem(res, 401, { title: 'Unauthorized', type: 'about:blank', detail: 'Unauthorized' });
      this.#changed();
      return;
    }
    const route = `${req.method} ${url.pathname}`;
    if (route === `GET ${RULES_PATH}`) this.#listRules(res);
    else if (route === `POST ${RULES_PATH}`) await this.#updateRules(req, res, url);
    else if (route === `GET ${STREAM_PATH}`) this.#openStream(req, res, url);
    else
      sendProblem(res, 404, {
        title: 'Not Found Error',
        type: 'https://api.twitter.com/2/problems/resource-not-found',
        detail: `No route ${route}`,
      });
    this.#changed();
  }

  #listRules(res: ServerResponse): void {
    const meta = { sent: new Date().toISOString(), result_count: this.#rules.length };
    sendJson(res, 200, this.#rules.length ? { data: this.#rules, meta } : { meta });
  }

  async #updateRules(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    let body: { add?: { value?: unknown; tag?: unknown }[]; delete?: { ids?: unknown[] } };
    try {
      body = JSON.parse(await readBody(req));
    } catch {
      sendProblem(res, 400, {
        title: 'Invalid Request',
        type: 'https://api.twitter.com/2/problems/invalid-request',
        detail: 'Request body is not valid JSON.',
      });
      return;
    }
    this.ruleRequests.push(body);
    const dryRun = url.searchParams.get('dry_run') === 'true';
    if (Array.isArray(body.add) && !body.delete) this.#addRules(res, body.add, dryRun);
    else if (body.delete && Array.isArray(body.delete.ids) && !body.add) this.#deleteRules(res, body.delete.ids.map(String), dryRun);
    else
      sendProblem(res, 400, {
        title: 'Invalid Request',
        type: 'https://api.twitter.com/2/problems/invalid-request',
        detail: 'Send exactly one of "add" or "delete".',
      });
  }

  #addRules(res: ServerResponse, additions: { value?: unknown; tag?: unknown }[], dryRun: boolean): void {
    const created: FakeRule[] = [];
    const errors: Record<string, unknown>[] = [];
    for (const { value, tag } of additions) {
      const existing = this.#rules.find((rule) => rule.value === value);
      if (typeof value !== 'string' || value.trim() === '') {
        errors.push({
          value,
          title: 'UnprocessableEntity',
          type: 'https://api.twitter.com/2/problems/invalid-rules',
          detail: 'Rule value must be a non-empty string.',
        });
      } else if (existing) {
        errors.push({ value, id: existing.id, title: 'DuplicateRule', type: 'https://api.twitter.com/2/problems/duplicate-rules' });
      } else {
        created.push({ id: this.#newRuleId(), value, ...(typeof tag === 'string' ? { tag } : {}) });
      }
    }
    if (!dryRun) this.#rules.push(...created);
    const summary = { created: created.length, not_created: errors.length, valid: created.length, invalid: errors.length };
    sendJson(res, 201, {
      ...(created.length ? { data: created } : {}),
      meta: { sent: new Date().toISOString(), summary },
      ...(errors.length ? { errors } : {}),
    });
  }

  #deleteRules(res: ServerResponse, ids: string[], dryRun: boolean): void {
    const known = ids.filter((id) => this.#rules.some((rule) => rule.id === id));
    const unknown = ids.filter((id) => !known.includes(id));
    if (!dryRun) this.#rules = this.#rules.filter((rule) => !known.includes(rule.id));
    sendJson(res, 200, {
      meta: { sent: new Date().toISOString(), summary: { deleted: known.length, not_deleted: unknown.length } },
      ...(unknown.length
        ? {
            errors: unknown.map((id) => ({
              errors: [{ parameters: {}, message: 'Rule does not exist' }],
              title: 'Invalid Request',
              type: 'https://api.twitter.com/2/problems/invalid-request',
              detail: `Rule ${id} does not exist.`,
            })),
          }
        : {}),
    });
  }

  #openStream(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const failure = this.#pendingFailures.shift();
    if (failure) return sendProblem(res, failure.status, failure.problem);
    if (this.#streams.size > 0) {
      return sendProblem(res, 429, {
        title: 'ConnectionException',
        detail: 'This stream is currently at the maximum allowed connection limit.',
        connection_issue: 'TooManyConnections',
        type: 'https://api.twitter.com/2/problems/streaming-connection',
      });
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
    res.flushHeaders();
    const heartbeat = setInterval(() => res.write('\r\n'), this.#options.heartbeatMs);
    heartbeat.unref();
    this.#streams.add(res);
    this.streamQueries.push(url.searchParams);
    res.on('close', () => {
      clearInterval(heartbeat);
      if (this.#streams.delete(res)) this.#changed();
    });
    req.socket.setNoDelay(true);
  }
}

export async function startFakeXServer(options: FakeXServerOptions): Promise<FakeXServer> {
  return new FakeXServer(options).listen();
}
