import { describe, expect, it } from 'vitest';
import { contentWordF1, shadowVerdict, type ShadowComparison } from '../../electron/core/orchestration/shadow-verdict.js';

function comparison(overrides: Partial<ShadowComparison>): ShadowComparison {
  return { instruction: 'Answer the question.', kind: 'chat', difficulty: 2, localAnswer: 'Fine, thanks.', localFinishReason: 'stop', cloudAnswer: 'I am well.', ...overrides };
}

describe('whether a local answer would have done', () => {
  it('in maths, when its final number is the cloud answer\'s', () => {
    const math = { kind: 'math' as const, cloudAnswer: 'She pays 3 * 4 = 12 dollars.\n#### 12' };
    expect(shadowVerdict(comparison({ ...math, localAnswer: '3 * 4 = 12, so the total is 12.' }))).toEqual({ goodEnough: true, reason: 'both answers end with 12' });
    expect(shadowVerdict(comparison({ ...math, localAnswer: '3 + 4 = 7, so the total is 7.' }))).toEqual({
      goodEnough: false,
      reason: "the local answer ends with 7, the cloud's with 12",
    });
    expect(shadowVerdict(comparison({ ...math, localAnswer: 'The total is twelve dollars.' }))).toEqual({ goodEnough: false, reason: 'the local answer has no final number' });
  });

  it('in kinds with one right answer, when it says much the same words', () => {
    const extract = { kind: 'extract' as const, cloudAnswer: 'Invoice number: INV-2291, due 14 March 2025, total 1,250 EUR.' };
    expect(shadowVerdict(comparison({ ...extract, localAnswer: 'Invoice INV-2291 is due 14 March 2025; total 1,250 EUR.' })).goodEnough).toBe(true);
    const differs = shadowVerdict(comparison({ ...extract, localAnswer: 'The document is a letter about a delivery.' }));
    expect(differs.goodEnough).toBe(false);
    expect(differs.reason).toMatch(/^the answers share too few words \(0\.\d\d < 0\.5\)$/);
  });

  it('in open kinds, when it passes the evaluator\'s checks: a refusal or a cut-off answer does not', () => {
    expect(shadowVerdict(comparison({ kind: 'writing', localAnswer: 'Rain taps the window,\nthe kettle hums its answer,\nsteam writes on the glass.' }))).toEqual({
      goodEnough: true,
      reason: 'the local answer passed the checks',
    });
    expect(shadowVerdict(comparison({ kind: 'writing', localAnswer: "I'm sorry, but I can't help with that." })).goodEnough).toBe(false);
    const cut = shadowVerdict(comparison({ kind: 'writing', localAnswer: 'Rain taps the window and', localFinishReason: 'length' }));
    expect(cut.goodEnough).toBe(false);
    expect(cut.reason).toMatch(/^the local answer failed the checks: /);
  });

  it('measures word agreement as F1 over content words', () => {
    expect(contentWordF1('The cat sat on the mat', 'A cat sat on a mat')).toBe(1);
    expect(contentWordF1('cat dog', 'cat bird')).toBe(0.5);
    expect(contentWordF1('', 'cat')).toBe(0);
  });
});
