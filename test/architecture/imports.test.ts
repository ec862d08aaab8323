/**
 * The layout's rules, checked on the import graph of src/ (shared architecture notes, README
 * "Layout"): no import cycles; stages are siblings that never import each other (start, which
 * runs them together, may); the bottom floor imports nothing above it. Each rule is also run
 * on a small tree written here that breaks it, so a check that could never fail would show.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findCycles, forbiddenEdges, type ImportGraph, readImportGraph } from './import-graph.ts';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

/** The pipeline's stages: they meet only through Kafka topics and MySQL tables. */
export const STAGES = ['produce', 'classify', 'sink', 'dashboard', 'dlq'] as const;
/** The bottom floor: every folder may use it; it uses nothing but itself. */
export const FLOOR = ['contracts', 'config', 'errors', 'telemetry'] as const;

const crossStage = (graph: ImportGraph) => forbiddenEdges(graph, STAGES, (_a, b) => !(STAGES as readonly string[]).includes(b));
const aboveFloor = (graph: ImportGraph) => forbiddenEdges(graph, FLOOR, (_a, b) => (FLOOR as readonly string[]).includes(b));
const cycleLines = (graph: ImportGraph) => findCycles(graph).map((c) => c.join(' -> '));

function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'streamsense-imports-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

function withTree(files: Record<string, string>, check: (graph: ImportGraph) => void): void {
  const root = writeTree(files);
  try {
    check(readImportGraph(root));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

test('src/ has no import cycles (type-only imports count too)', () => {
  assert.deepEqual(cycleLines(readImportGraph(SRC)), []);
});

test('no stage folder imports another stage folder', () => {
  const graph = readImportGraph(SRC);
  for (const stage of STAGES)
    assert.ok(
      [...graph.keys()].some((f) => f.startsWith(`${stage}/`)),
      `src/${stage}/ exists`,
    );
  assert.deepEqual(crossStage(graph), []);
});

test('the bottom floor (contracts, config, errors, telemetry) imports nothing above it', () => {
  assert.deepEqual(aboveFloor(readImportGraph(SRC)), []);
});

test('the cycle check finds a cycle through a type-only import and a re-export, not a comment', () => {
  withTree(
    {
      'a/one.ts': "import type { B } from '../b/two.ts';\nexport type A = B;\n",
      'b/two.ts': "export * from './three.ts';\nexport type B = string;\n",
      'b/three.ts': "// import { x } from '../c/ok.ts'\nimport '../a/one.ts';\n",
      'c/ok.ts': 'export const x = 1;\n',
    },
    (graph) => assert.deepEqual(cycleLines(graph), ['a/one.ts -> b/two.ts -> b/three.ts -> a/one.ts']),
  );
});

test('the stage check names a cross-stage import, a dynamic one included, and lets start and the floors through', () => {
  withTree(
    {
      'sink/app.ts': "import type { R } from '../classify/record.ts';\nimport { x } from '../contracts/post.ts';\nexport const y = x;\n",
      'classify/record.ts': "export type R = string;\nexport const load = () => import('../produce/run.ts');\n",
      'produce/run.ts': 'export {};\n',
      'start/run.ts': "import '../sink/app.ts';\nimport '../classify/record.ts';\n",
      'contracts/post.ts': 'export const x = 1;\n',
    },
    (graph) => assert.deepEqual(crossStage(graph), ['classify/record.ts -> produce/run.ts', 'sink/app.ts -> classify/record.ts']),
  );
});

test('the floor check names a floor file that imports a seam or a stage', () => {
  withTree(
    {
      'config/security.ts': "import { Topic } from '../kafka/topics.ts';\nimport { AppError } from '../errors/app-error.ts';\n",
      'errors/app-error.ts': 'export class AppError {}\n',
      'kafka/topics.ts': 'export const Topic = {};\n',
      'contracts/post.ts': "import '../produce/index.ts';\n",
      'produce/index.ts': 'export {};\n',
    },
    (graph) => assert.deepEqual(aboveFloor(graph), ['config/security.ts -> kafka/topics.ts', 'contracts/post.ts -> produce/index.ts']),
  );
});
