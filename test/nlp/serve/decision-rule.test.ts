import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SENTIMENT_LABELS } from '../../../src/nlp/common/sentiment.ts';
import { decide, decisionBias, decisionRuleSchema, describeRule } from '../../../src/nlp/serve/decision-rule.ts';

const labels = SENTIMENT_LABELS;
const prior = { negative: 0.16, neutral: 0.45, positive: 0.39 };

describe('decision rules', () => {
  it('argmax leaves the logits alone', () => {
    assert.deepEqual(decisionBias({ rule: 'argmax' }, labels), [0, 0, 0]);
    const d = decide([0.1, 1.0, 0.2], labels, [0, 0, 0]);
    assert.equal(d.label, 'neutral');
    assert.ok(Math.abs(d.scores.negative + d.scores.neutral + d.scores.positive - 1) < 1e-9);
  });

  it('prior correction subtracts alpha * log(prior): the rare class gains most', () => {
    const bias = decisionBias({ rule: 'prior-correction', alpha: 1, prior }, labels);
    assert.ok(Math.abs(bias[0] + Math.log(0.16)) < 1e-12);
    assert.ok(bias[0] > bias[2] && bias[2] > bias[1], `negative (rarest) shifted most: ${bias}`);
    // A post the model finds slightly more neutral than negative flips to negative once corrected.
    const logits = [0.9, 1.2, -1];
    assert.equal(decide(logits, labels, [0, 0, 0]).label, 'neutral');
    assert.equal(decide(logits, labels, bias).label, 'negative');
    assert.deepEqual(decisionBias({ rule: 'prior-correction', alpha: 0, prior }, labels).map(Math.abs), [0, 0, 0]);
  });

  it('offsets follow the label order of the graph', () => {
    const order = ['positive', 'negative', 'neutral'] as const;
    assert.deepEqual(decisionBias({ rule: 'offsets', offsets: { negative: 1, neutral: 0, positive: -2 } }, order), [-2, 1, 0]);
    const d = decide([0.5, 0, 0], order, [-2, 1, 0]);
    assert.equal(d.label, 'negative');
    assert.ok(d.scores.positive > d.scores.negative, "the probabilities stay the model's own: positive is still likelier");
    assert.equal(d.score, d.scores.negative);
  });

  it('the config schema rejects a zero prior and unknown keys, and names each rule', () => {
    assert.equal(decisionRuleSchema.safeParse({ rule: 'prior-correction', alpha: 1, prior: { ...prior, negative: 0 } }).success, false);
    assert.equal(decisionRuleSchema.safeParse({ rule: 'argmax', alpha: 1 }).success, false);
    assert.equal(decisionRuleSchema.safeParse({ rule: 'balanced' }).success, false);
    assert.equal(describeRule({ rule: 'prior-correction', alpha: 0.6, prior }), 'prior-correction(alpha=0.6)');
    assert.equal(
      describeRule({ rule: 'offsets', offsets: { negative: 0.5, neutral: 0, positive: -0.1 } }),
      'offsets(neg=0.5,neu=0,pos=-0.1)',
    );
  });
});
