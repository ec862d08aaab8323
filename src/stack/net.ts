import net from 'node:net';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/** True when nothing listens on host:port (we can bind it ourselves). */
export function isPortFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fail with a PORT_IN_USE error naming the env variable that moves the port. */
export async function requirePortsFree(service: string, host: string, ports: ReadonlyArray<readonly [number, string]>): Promise<void> {
  for (const [port, envName] of ports) {
    if (await isPortFree(host, port)) continue;
    throw new AppError(
      ErrorCode.PORT_IN_USE,
      `${service}: port ${host}:${port} is already in use by another process; stop it or pick another port with ${envName}=<port>`,
      { context: { service, port } },
    );
  }
}

/** HTTP status of a GET, or throws on connection errors; bounded by `timeoutMs`. */
export async function httpStatus(url: string, timeoutMs = 2000): Promise<number> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  await response.body?.cancel();
  return response.status;
}
