import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsRegistry } from './metrics.ts';

/** `/healthz` and Prometheus `/metrics` for a long-running script. Port 0 picks a free port. */
export interface HealthServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startHealthServer(options: {
  host: string;
  port: number;
  metrics: MetricsRegistry;
  healthy: () => { ok: boolean; detail?: Record<string, unknown> };
}): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(options.metrics.render());
      return;
    }
    if (req.url === '/healthz') {
      const state = options.healthy();
      res.writeHead(state.ok ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: state.ok ? 'ok' : 'unhealthy', ...state.detail }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
