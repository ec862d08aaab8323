/**
 * One WebSocket connection as an async iterable of text frames, for the streaming sources
 * (Bluesky Jetstream, Mastodon). It pings the server every `pingIntervalMs` and closes the
 * connection when neither a frame nor a pong arrived for `stallTimeoutMs`, so a socket that
 * went silent without closing is noticed. A full queue pauses the socket (TCP backpressure)
 * until the producer catches up. The iterable ends when the connection closes; how it ended
 * is in the returned summary.
 */
import WebSocket from 'ws';
import { AppError, ErrorCode } from '../../errors/app-error.ts';

export interface FrameConnectionOptions {
  readonly url: string;
  readonly headers?: Record<string, string>;
  readonly pingIntervalMs: number;
  readonly stallTimeoutMs: number;
  readonly signal: AbortSignal;
  /** Frames queued before the socket is paused. */
  readonly highWaterMark?: number;
}

export interface ConnectionSummary {
  /** Frames received (text or binary) on this connection. */
  readonly frames: number;
  readonly reason: 'closed' | 'stalled' | 'aborted' | 'error';
  readonly detail: string;
}

/**
 * Opens the connection; rejects when the handshake fails. An HTTP answer other than 101 becomes
 * an AppError with `context.status`; only 429 and 5xx are retriable (401/403/400 need a fix).
 */
export async function openFrames(options: FrameConnectionOptions): Promise<AsyncGenerator<string, ConnectionSummary>> {
  const socket = new WebSocket(options.url, {
    headers: options.headers,
    handshakeTimeout: options.stallTimeoutMs,
    perMessageDeflate: false,
  });
  // Listen before the handshake completes: ws emits the first messages in the same tick as
  // 'open' when they arrive with the 101 answer, before an awaiting caller could subscribe.
  const inbox = listen(socket, options.highWaterMark ?? 5_000);
  await new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      socket.terminate();
      reject(new AppError(ErrorCode.REMOTE_API, 'aborted while connecting', { context: { url: redact(options.url) } }));
    };
    options.signal.addEventListener('abort', onAbort, { once: true });
    socket.once('open', () => {
      options.signal.removeEventListener('abort', onAbort);
      resolve();
    });
    socket.once('unexpected-response', (_req, res) => {
      options.signal.removeEventListener('abort', onAbort);
      const status = res.statusCode ?? 0;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 500)));
      res.on('end', () => {
        socket.terminate();
        reject(
          new AppError(
            ErrorCode.REMOTE_API,
            `${redact(options.url)} answered HTTP ${status} to the WebSocket upgrade${body ? `: ${body.trim()}` : ''}`,
            {
              retriable: status === 429 || status >= 500,
              context: { status, url: redact(options.url) },
            },
          ),
        );
      });
      res.on('error', () => undefined);
    });
    socket.once('error', (error) => {
      options.signal.removeEventListener('abort', onAbort);
      reject(
        new AppError(ErrorCode.REMOTE_API, `could not connect to ${redact(options.url)}: ${error.message}`, {
          retriable: true,
          cause: error,
          context: { url: redact(options.url) },
        }),
      );
    });
  });
  return frames(socket, inbox, options);
}

interface Inbox {
  readonly queue: string[];
  readonly highWaterMark: number;
  count: number;
  ended?: Omit<ConnectionSummary, 'frames'>;
  wake?: () => void;
  paused: boolean;
  lastHeard: number;
  finish(reason: ConnectionSummary['reason'], detail: string): void;
}

function listen(socket: WebSocket, highWaterMark: number): Inbox {
  const inbox: Inbox = {
    queue: [],
    highWaterMark,
    count: 0,
    paused: false,
    lastHeard: Date.now(),
    finish(reason, detail) {
      inbox.ended ??= { reason, detail };
      inbox.wake?.();
    },
  };
  socket.on('message', (data, isBinary) => {
    inbox.count++;
    inbox.lastHeard = Date.now();
    inbox.queue.push(isBinary ? `\u0000binary:${Buffer.isBuffer(data) ? data.length : 0}` : data.toString());
    if (inbox.queue.length >= highWaterMark && !inbox.paused) {
      inbox.paused = true;
      socket.pause();
    }
    inbox.wake?.();
  });
  socket.on('pong', () => (inbox.lastHeard = Date.now()));
  socket.on('ping', () => (inbox.lastHeard = Date.now()));
  socket.on('close', (code, reason) => inbox.finish('closed', `closed with code ${code}${reason.length ? ` (${reason.toString()})` : ''}`));
  socket.on('error', (error) => inbox.finish('error', error.message));
  return inbox;
}

async function* frames(socket: WebSocket, inbox: Inbox, options: FrameConnectionOptions): AsyncGenerator<string, ConnectionSummary> {
  inbox.lastHeard = Date.now();
  const timer = setInterval(
    () => {
      if (Date.now() - inbox.lastHeard > options.stallTimeoutMs) {
        inbox.finish('stalled', `no frame or pong for ${options.stallTimeoutMs} ms`);
        socket.terminate();
      } else if (socket.readyState === WebSocket.OPEN) socket.ping();
    },
    Math.min(options.pingIntervalMs, Math.max(50, Math.floor(options.stallTimeoutMs / 2))),
  );
  // The timer must not outlive the socket even if the consumer never resumes this generator.
  socket.once('close', () => clearInterval(timer));
  const onAbort = () => {
    inbox.finish('aborted', 'stopped');
    clearInterval(timer);
    socket.terminate();
  };
  options.signal.addEventListener('abort', onAbort, { once: true });
  try {
    for (;;) {
      const frame = inbox.queue.shift();
      if (frame !== undefined) {
        if (inbox.paused && inbox.queue.length < inbox.highWaterMark / 4) {
          inbox.paused = false;
          socket.resume();
        }
        if (options.signal.aborted) break;
        yield frame;
        continue;
      }
      if (inbox.ended || options.signal.aborted) break;
      await new Promise<void>((resolve) => (inbox.wake = resolve));
      inbox.wake = undefined;
    }
    return { frames: inbox.count, ...(inbox.ended ?? { reason: 'aborted', detail: 'stopped' }) };
  } finally {
    clearInterval(timer);
    options.signal.removeEventListener('abort', onAbort);
    if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  }
}

/** Marks a binary frame in the text queue; sources reject it with a reason. */
export function isBinaryMarker(frame: string): boolean {
  return frame.startsWith('\u0000binary:');
}

/** URLs may carry an access token in the query: never log it. */
export function redact(url: string): string {
  return url.replace(/(access_token=)[^&]+/gi, '$1***');
}
