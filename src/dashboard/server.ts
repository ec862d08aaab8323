import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Pool } from 'mysql2/promise';
import type { SecurityConfig } from '../config/security.ts';
import { createDbPool, DASHBOARD_POOL } from '../db/pool.ts';
import { checkTableName } from '../db/table.ts';
import { AppError, ErrorCode, isAppError } from '../errors/app-error.ts';
import type { Logger } from '../telemetry/log.ts';
import { createLogger } from '../telemetry/log.ts';
import type { ApiContext } from './api.ts';
import { health, posts, summary, timeseries, topics } from './api.ts';
import { authorize, tokenCookieHeader } from './auth.ts';
import type { DashboardConfig } from './config.ts';
import { ConsumerLagMonitor, parseLagTarget } from './consumer-lag.ts';
import type { Filters } from './filters.ts';
import { parseFilters } from './filters.ts';
import { LivePoller } from './live-poller.ts';
import { LiveStream } from './live-stream.ts';
import { PipelineMetrics } from './pipeline-metrics.ts';
import { Rollups } from './rollup.ts';
import { TextSearch } from './search.ts';
import type { StaticFile } from './static-files.ts';
import { loadStaticFiles } from './static-files.ts';

/**
 * The dashboard's HTTP server: the page, Chart.js from node_modules, the JSON API and the SSE
 * stream. node:http is enough for five GET endpoints; every response carries a strict CSP so
 * even a rendering slip could not run a post's markup.
 */
const securityHeaders: Record<string, string> = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

type Handler = (ctx: ApiContext, filters: Filters) => Promise<unknown>;
const apiRoutes: Record<string, Handler> = {
  '/api/summary': summary,
  '/api/timeseries': timeseries,
  '/api/topics': topics,
  '/api/posts': posts,
};

const loopbackNames = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

export interface DashboardServer {
  readonly url: URL;
  /** Resolves when the rollups for both time axes and the search index are built (benchmarks, warm starts, tests). */
  warm(): Promise<void>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** MySQL TLS and Kafka TLS/SASL (for the lag report), parsed at the edge. */
  security: SecurityConfig;
  log?: Logger;
  /** An existing pool (tests); otherwise one is created from config.mysqlUrl and closed with the server. */
  db?: Pool;
}

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...securityHeaders, ...extra, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, error: unknown, log: Logger): void {
  if (isAppError(error) && error.code === ErrorCode.INVALID_INPUT) {
    sendJson(res, 400, { error: { code: error.code, message: error.message } });
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  const dbDown = (error as { code?: string }).code !== undefined && !isAppError(error);
  log.error('request failed', { error: message });
  sendJson(res, dbDown ? 503 : 500, { error: { code: dbDown ? ErrorCode.DATABASE : ErrorCode.INTERNAL, message } });
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: StaticFile): void {
  res.writeHead(200, {
    ...securityHeaders,
    'content-type': file.type,
    'cache-control': file.cacheControl,
    'content-length': file.body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : file.body);
}

class Dashboard {
  private readonly stream: LiveStream;

  constructor(
    private readonly config: DashboardConfig,
    private readonly ctx: ApiContext,
    private readonly files: Map<string, StaticFile>,
    private readonly log: Logger,
  ) {
    this.stream = new LiveStream(ctx.poller);
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    this.route(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, error, this.log);
      else res.end();
    });
  }

  async close(): Promise<void> {
    this.stream.close();
    await Promise.all([this.ctx.poller.stop(), this.ctx.rollups.stop(), this.ctx.lag.close(), this.ctx.search.stop()]);
  }

  private hostAllowed(req: IncomingMessage): boolean {
    // Bound to loopback, only loopback names may reach us: stops DNS-rebinding pages.
    if (!loopbackNames.has(this.config.host)) return true;
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    return loopbackNames.has(host);
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    if (!this.hostAllowed(req)) return sendJson(res, 421, { error: { code: 'MISDIRECTED', message: 'unexpected Host header' } });
    const auth = authorize(req, url, this.config.token);
    if (!auth.ok) {
      return sendJson(
        res,
        401,
        { error: { code: 'UNAUTHORIZED', message: 'send Authorization: Bearer <token> or ?token=<token>' } },
        { 'www-authenticate': 'Bearer' },
      );
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return sendJson(res, 405, { error: { code: 'METHOD', message: 'only GET' } }, { allow: 'GET, HEAD' });
    if (auth.viaQuery && url.pathname === '/' && this.config.token) {
      res.writeHead(303, {
        ...securityHeaders,
        location: '/',
        'set-cookie': tokenCookieHeader(this.config.token),
        'cache-control': 'no-store',
      });
      return void res.end();
    }
    const file = this.files.get(url.pathname);
    if (file) return sendFile(req, res, file);
    if (url.pathname === '/api/stream') return this.stream.open(req, res, securityHeaders);
    if (url.pathname === '/api/health') {
      const body = await health(this.ctx);
      return sendJson(res, body.ok ? 200 : 503, body);
    }
    const handler = apiRoutes[url.pathname];
    if (!handler) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no route ${url.pathname}` } });
    sendJson(res, 200, await handler(this.ctx, parseFilters(url.searchParams)));
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const code = error.code === 'EADDRINUSE' ? ErrorCode.PORT_IN_USE : ErrorCode.SERVICE_START;
      reject(new AppError(code, `cannot listen on ${host}:${port}: ${error.message}; pick another --port`, { cause: error }));
    });
    server.listen(port, host, () => resolve());
  });
}

export async function startDashboard(config: DashboardConfig, options: StartOptions): Promise<DashboardServer> {
  const log = options.log ?? createLogger('dashboard');
  const table = checkTableName(config.table);
  const db = options.db ?? createDbPool(config.mysqlUrl, { ssl: options.security.mysql.ssl, connectionLimit: 8, ...DASHBOARD_POOL });
  const poller = new LivePoller(db, table, config.pollMs, log);
  const rollups = new Rollups(db, table, log, config.rollupRefreshMs);
  const lag = new ConsumerLagMonitor({
    brokers: config.brokers,
    security: options.security.kafka,
    targets: config.lagGroups.map(parseLagTarget),
    log,
  });
  const pipeline = new PipelineMetrics(config.metricsUrls);
  const search = new TextSearch(db, table, log, config.searchRebuildMs);
  const dashboard = new Dashboard(config, { db, table, poller, rollups, pipeline, lag, search }, await loadStaticFiles(), log);
  const server = createServer((req, res) => dashboard.handle(req, res));
  await listen(server, config.port, config.host);
  const { port } = server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  rollups.snapshot('classified');
  search.start();
  return {
    url: new URL(`http://${host}:${port}/`),
    warm: async () => {
      await Promise.all([rollups.ready(), search.ready()]);
    },
    async close() {
      await dashboard.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      if (!options.db) await db.end();
    },
  };
}
