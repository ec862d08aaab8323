import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { AppError, ErrorCode } from '../../errors/app-error.ts';

/** Reads a JSON file and validates it, listing every problem at once in the error message. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (cause) {
    throw new AppError(ErrorCode.CONFIG, `Cannot read ${what} file ${path}: ${(cause as Error).message}`, { cause, context: { path } });
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new AppError(ErrorCode.CONFIG, `${what} file ${path} is not valid JSON: ${(cause as Error).message}`, {
      cause,
      context: { path },
    });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new AppError(ErrorCode.CONFIG, `Invalid ${what} file ${path}:\n${problems}`, { context: { path, issues: parsed.error.issues } });
  }
  return parsed.data;
}
