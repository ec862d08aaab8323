/**
 * Structured logs on stderr (stdout stays free for a script's real output).
 * LOG_FORMAT=json prints one JSON object per line; the default is a short human line.
 * LOG_LEVEL=debug|info|warn|error (default info).
 */
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
export type LogLevel = keyof typeof levels;

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

function envLevel(): number {
  const name = (process.env.LOG_LEVEL ?? 'info').toLowerCase();
  return name in levels ? levels[name as LogLevel] : levels.info;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  if (value instanceof Error) return JSON.stringify(value.message);
  return JSON.stringify(value);
}

export function createLogger(component: string, base: Record<string, unknown> = {}): Logger {
  const threshold = envLevel();
  const json = process.env.LOG_FORMAT === 'json';
  const write = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (levels[level] < threshold) return;
    const all = { ...base, ...fields };
    if (json) {
      process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, component, msg, ...all })}\n`);
      return;
    }
    const extra = Object.entries(all)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${formatValue(v)}`)
      .join(' ');
    process.stderr.write(`[${component}] ${level === 'info' ? '' : `${level.toUpperCase()} `}${msg}${extra ? ` ${extra}` : ''}\n`);
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(component, { ...base, ...fields }),
  };
}
