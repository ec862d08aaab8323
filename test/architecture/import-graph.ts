/**
 * The file-level import graph of a source tree, read with the TypeScript compiler's own
 * pre-processor (`ts.preProcessFile`), so `import type`, re-exports, side-effect and dynamic
 * imports all count and comments or strings that look like imports do not. Only relative
 * specifiers are edges: packages and node: built-ins are outside the tree.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** File (relative to the root, `/`-separated) -> the files it imports, in the same form. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

export function readImportGraph(root: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const text = readFileSync(join(root, file), 'utf8');
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const deps = importedFiles
      .map((i) => i.fileName)
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveSpecifier(root, file, s));
    graph.set(file, [...new Set(deps)]);
  }
  return graph;
}

function sourceFiles(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => f.split(sep).join('/'))
    .sort();
}

function resolveSpecifier(root: string, from: string, specifier: string): string {
  const target = relative(root, join(root, dirname(from), specifier))
    .split(sep)
    .join('/');
  if (target.endsWith('.ts')) return target;
  const asDirectory = join(root, target);
  if (existsSync(asDirectory) && statSync(asDirectory).isDirectory()) return `${target}/index.ts`;
  return `${target}.ts`;
}

/** The top-level folder of a file (`classify` for `classify/app.ts`), or '' for a file at the root. */
export const folderOf = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '');

/** Every elementary cycle found by a depth-first walk, each as `a -> b -> a` (one per back edge). */
export function findCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') cycles.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
  return cycles;
}

/** Edges from a file in one of `from`'s folders to a file in a folder not in `allowed` (its own folder always is). */
export function forbiddenEdges(
  graph: ImportGraph,
  from: readonly string[],
  allowed: (sourceFolder: string, targetFolder: string) => boolean,
): string[] {
  const edges: string[] = [];
  for (const [file, deps] of graph) {
    const a = folderOf(file);
    if (!from.includes(a)) continue;
    for (const dep of deps) {
      const b = folderOf(dep);
      if (a !== b && !allowed(a, b)) edges.push(`${file} -> ${dep}`);
    }
  }
  return edges.sort();
}
