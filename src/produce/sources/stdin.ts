import type { Readable } from 'node:stream';
import { readJsonLines } from '../../contracts/input-line.ts';
import type { Source } from '../source.ts';

/** JSONL posts from standard input (or any stream), until it ends. */
export function createStdinSource(input: Readable = process.stdin): Source {
  return {
    name: 'stdin',
    items: () => readJsonLines(input, 'stdin'),
  };
}
