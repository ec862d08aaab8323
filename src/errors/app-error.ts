/**
 * One error type for the whole project. Every failure carries a code from a closed union,
 * whether retrying can help, and the context (topic, partition, offset, stage...) that an
 * operator needs to act on it. Messages say what to do next.
 */
export const ErrorCode = {
  CONFIG: 'CONFIG',
  PREREQUISITE: 'PREREQUISITE',
  PORT_IN_USE: 'PORT_IN_USE',
  SERVICE_START: 'SERVICE_START',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  FETCH: 'FETCH',
  INVALID_INPUT: 'INVALID_INPUT',
  DECODE: 'DECODE',
  SCHEMA_REJECTED: 'SCHEMA_REJECTED',
  MODEL: 'MODEL',
  DATABASE: 'DATABASE',
  REMOTE_API: 'REMOTE_API',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface AppErrorOptions {
  retriable?: boolean;
  cause?: unknown;
  context?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.retriable = options.retriable ?? false;
    this.context = options.context ?? {};
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A one-line description of any thrown value, for logs and dead-letter headers. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
