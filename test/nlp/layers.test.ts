/**
 * src/nlp/ is split by job. Each folder may import only the folders listed for it here, so the
 * runtime (serve/) never loads training, evaluation or fetching code, and nlp imports no stage.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const NLP = 'src/nlp';
const ALLOWED: Record<string, readonly string[]> = {
  common: [],
  serve: ['common'],
  train: ['common', 'serve'],
  eval: ['common', 'serve'],
  fetch: ['common', 'serve'],
};
const STAGES = ['produce', 'classify', 'sink', 'dashboard', 'dlq', 'start'];

const sources = readdirSync(NLP, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => join(NLP, f));

/** Every relative import of a file, as a repository path. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => relative('.', resolve(dirname(file), m[1]!)));
}

const folderOf = (path: string) => relative(NLP, path).split('/')[0]!;

describe('src/nlp layers', () => {
  it('every file sits in one of the job folders (or heads/)', () => {
    const stray = sources.filter((f) => !(folderOf(f) in ALLOWED));
    assert.deepEqual(stray, []);
  });

  it('each job folder imports only the nlp folders below it', () => {
    const bad: string[] = [];
    for (const file of sources) {
      const from = folderOf(file);
      for (const target of importsOf(file)) {
        if (!target.startsWith(`${NLP}/`)) continue;
        const to = folderOf(target);
        if (to !== from && !ALLOWED[from]!.includes(to)) bad.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(bad, [], `imports against the nlp layers (${JSON.stringify(ALLOWED)})`);
  });

  it('imports no stage folder', () => {
    const bad = sources.flatMap((file) =>
      importsOf(file)
        .filter((t) => STAGES.some((s) => t.startsWith(`src/${s}/`)))
        .map((t) => `${file} -> ${t}`),
    );
    assert.deepEqual(bad, []);
  });

  it('has no import cycle between its files', () => {
    const graph = new Map(sources.map((f) => [f, importsOf(f).filter((t) => t.startsWith(`${NLP}/`))]));
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push([...(next === file ? [] : path.slice(path.indexOf(next))), file, next].join(' -> '));
        else if (!state.has(next)) visit(next, [...path, file]);
      }
      state.set(file, 'done');
    };
    for (const file of sources) if (!state.has(file)) visit(file, []);
    assert.deepEqual(cycles, []);
  });
});
