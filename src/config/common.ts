import { z } from 'zod';
import { AppError, ErrorCode } from '../errors/app-error.ts';

/**
 * Shared pieces for the per-script config schemas: every script parses its env and flags once,
 * at the edge, reports every problem at once, and hands a frozen object to the rest of the code.
 */

/** Env values arrive as strings; an empty string means "not set". */
export const envString = z.preprocess((v) => (v === '' ? undefined : v), z.string().optional());

export const portSchema = z.coerce.number().int().min(1).max(65535);

export const positiveInt = z.coerce.number().int().positive();

/** The env variable each config key comes from, and an example of a good value for error messages. */
export interface EnvSource {
  readonly env: string;
  readonly example: string;
}

/**
 * Parse `input` with `schema`; on failure, throw one CONFIG error that lists every problem with
 * the variable name and an example, so a user can fix them all in one go.
 */
export function parseConfig<S extends z.ZodType>(schema: S, input: unknown, sources: Readonly<Record<string, EnvSource>>): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return deepFreeze(result.data);
  const problems = result.error.issues.map((issue) => {
    const key = issue.path.map(String).join('.');
    const source = sources[key];
    if (!source) return `  ${key || '(root)'}: ${issue.message}`;
    return `  ${source.env}: ${issue.message} (for example ${source.env}=${source.example})`;
  });
  throw new AppError(ErrorCode.CONFIG, `invalid configuration:\n${problems.join('\n')}`, {
    context: { problems: problems.length },
  });
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
