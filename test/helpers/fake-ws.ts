/**
 * What the fake streaming servers (Jetstream, Mastodon) share: an HTTP server on a loopback
 * port with a WebSocket endpoint, a record of every connection, and the faults tests need:
 * drop every socket, go silent (no frames, no pongs) without closing, refuse the next upgrade.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { listenLoopback, loopbackUrl } from './loopback.ts';

export interface FakeConnection {
  readonly socket: WebSocket;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
}

export class FakeWsServer {
  readonly server: Server;
  readonly #wss = new WebSocketServer({ noServer: true, autoPong: false });
  readonly connections: FakeConnection[] = [];
  readonly open = new Set<FakeConnection>();
  /** Silent: frames are held back and pings go unanswered, the socket stays open. */
  silent = false;
  /** Upgrades answered with an HTTP error instead. */
  refused = 0;
  #refusals: Array<{ status: number; body: string }> = [];

  constructor(
    readonly path: string,
    onConnect: (connection: FakeConnection) => void,
    onHttp: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(404).end(),
    authorize: (req: IncomingMessage) => { status: number; body: string } | null = () => null,
  ) {
    this.server = createServer(onHttp);
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const refusal = url.pathname !== this.path ? { status: 404, body: 'not found' } : (this.#refusals.shift() ?? authorize(req));
      if (refusal) {
        this.refused++;
        socket.end(
          `HTTP/1.1 ${refusal.status} Refused\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(refusal.body)}\r\nconnection: close\r\n\r\n${refusal.body}`,
        );
        return;
      }
      this.#wss.handleUpgrade(req, socket, head, (ws) => {
        const connection = { socket: ws, query: url.searchParams, headers: req.headers };
        this.connections.push(connection);
        this.open.add(connection);
        ws.on('ping', (data) => {
          if (!this.silent) ws.pong(data);
        });
        ws.on('close', () => this.open.delete(connection));
        ws.on('error', () => undefined);
        onConnect(connection);
      });
    });
  }

  async start(): Promise<this> {
    await listenLoopback(this.server);
    return this;
  }

  get httpUrl(): string {
    return loopbackUrl(this.server);
  }

  get wsUrl(): string {
    return `${this.httpUrl.replace(/^http/, 'ws')}${this.path}`;
  }

  send(connection: FakeConnection, frame: string): void {
    if (!this.silent && connection.socket.readyState === connection.socket.OPEN) connection.socket.send(frame);
  }

  /** Terminates every open socket (as a network drop would). */
  dropAll(): void {
    for (const c of this.open) c.socket.terminate();
  }

  /** The next upgrade is answered with this HTTP status instead. */
  refuseNext(status: number, body = '{"error":"refused"}'): void {
    this.#refusals.push({ status, body });
  }

  async close(): Promise<void> {
    for (const c of this.open) c.socket.terminate();
    this.#wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
