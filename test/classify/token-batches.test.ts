import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateTokens, paddedTokens, planBatches, scatter } from '../../src/classify/token-batches.ts';

test('a window is sorted by token count and cut so no call pads past the budget', () => {
  const counts = [40, 5, 12, 6, 39, 7, 11, 41];
  const plan = planBatches(counts, { tokenBudget: 40, maxBatch: 100 });
  assert.deepEqual(plan, [[1, 3, 5], [6, 2], [4], [0], [7]]);
  for (const call of plan)
    assert.ok(call.length === 1 || call.length * Math.max(...call.map((i) => counts[i]!)) <= 40, `call ${call} within budget`);
  assert.deepEqual(
    plan.flat().sort((a, b) => a - b),
    counts.map((_, i) => i),
    'every post exactly once',
  );
});

test('a post longer than the budget gets a call of its own; maxBatch caps a call of short posts', () => {
  assert.deepEqual(planBatches([300, 2, 2], { tokenBudget: 100, maxBatch: 10 }), [[1, 2], [0]]);
  const plan = planBatches(Array(10).fill(3), { tokenBudget: 1_000, maxBatch: 4 });
  assert.deepEqual(
    plan.map((c) => c.length),
    [4, 4, 2],
  );
  assert.deepEqual(planBatches([], { tokenBudget: 10, maxBatch: 1 }), []);
});

test('equal lengths keep window order, so results of one partition come out in offset order', () => {
  assert.deepEqual(planBatches([4, 4, 4, 4], { tokenBudget: 8, maxBatch: 10 }), [
    [0, 1],
    [2, 3],
  ]);
});

test('sorting cuts padding: the padded cost of a plan is what the model pays', () => {
  const counts = [60, 8, 60, 8, 60, 8, 60, 8];
  const arrival = [
    [0, 1, 2, 3],
    [4, 5, 6, 7],
  ];
  const sorted = planBatches(counts, { tokenBudget: 240, maxBatch: 4 });
  assert.equal(paddedTokens(counts, arrival), 480);
  assert.equal(paddedTokens(counts, sorted), 4 * 8 + 4 * 60);
});

test('scatter puts each answer back at its post', () => {
  const plan = [[2, 0], [1]];
  assert.deepEqual(scatter(plan, [['c', 'a'], ['b']], 3), ['a', 'b', 'c']);
});

test('scatter refuses answers that do not match the plan', () => {
  assert.throws(() => scatter([[0, 1]], [['a']], 2), /answered 1 results for 2 posts/);
  assert.throws(() => scatter([[0], [1]], [['a']], 2), /expected answers for 2 model calls/);
  assert.throws(() => scatter([[0], [0]], [['a'], ['b']], 2), /twice/);
  assert.throws(() => scatter([[0]], [['a']], 2), /without an answer/);
});

test('the stand-in count grows with the text', () => {
  assert.ok(estimateTokens('a'.repeat(400)) > estimateTokens('short post'));
  assert.equal(estimateTokens(''), 2);
});
