import { describe, expect, it } from 'vitest';
import { checkAnswer, checkArithmetic, evaluate } from '../../electron/core/learning/answer-checks.js';
import { KindSuccessTally } from '../../electron/core/learning/kind-success-tally.js';
import { LearnedRouter } from '../../electron/core/learning/learned-router.js';
import { OnlineLogisticRegression, sigmoid } from '../../electron/core/learning/online-logistic-regression.js';
import { hashPromptFeatures, type HashedFeatures } from '../../electron/core/learning/prompt-features.js';
import { PromptSuccessModel } from '../../electron/core/learning/prompt-success-model.js';
import { RunningPercentile } from '../../electron/core/learning/running-percentile.js';
import { tierPrior } from '../../electron/core/learning/tier-priors.js';

const twoFeatures: HashedFeatures = { indices: Int32Array.from([1, 3]), values: Float32Array.from([0.6, 0.8]) };

/** mulberry32, so the synthetic streams are the same on every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), state | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

describe('online logistic regression', () => {
  it('takes the gradient steps worked out by hand', () => {
    const regression = new OnlineLogisticRegression(8, 0.5, 0);
    // P = sigmoid(0) = 0.5; error 1 − 0.5 = 0.5; w1 = 0.5 × 0.5 × 0.6 = 0.15, w3 = 0.5 × 0.5 × 0.8 = 0.2.
    regression.update(twoFeatures, 0, 1);
    expect(regression.weight(1)).toBeCloseTo(0.15, 6);
    expect(regression.weight(3)).toBeCloseTo(0.2, 6);
    // Margin 0.15 × 0.6 + 0.2 × 0.8 = 0.25, on top of the offset.
    expect(regression.probability(twoFeatures, 1)).toBeCloseTo(sigmoid(1.25), 6);
    // A failure: error 0 − sigmoid(0.25) = −0.562177; w1 = 0.15 − 0.5 × 0.562177 × 0.6 = −0.018653.
    regression.update(twoFeatures, 0, 0);
    expect(regression.weight(1)).toBeCloseTo(0.15 - 0.5 * sigmoid(0.25) * 0.6, 5);
    expect(regression.weight(3)).toBeCloseTo(0.2 - 0.5 * sigmoid(0.25) * 0.8, 5);
    expect(regression.weight(2)).toBe(0);
  });

  it('decays every weight by the same share per outcome, untouched buckets included', () => {
    const regression = new OnlineLogisticRegression(8, 0.5, 0.5);
    regression.update(twoFeatures, 0, 1); // the decay comes before the step: 0.15 and 0.2 as above
    expect(regression.weight(1)).toBeCloseTo(0.15, 6);
    const other: HashedFeatures = { indices: Int32Array.from([5]), values: Float32Array.from([1]) };
    regression.update(other, 0, 0.5); // error 0 on another bucket: only the decay acts on bucket 1
    expect(regression.weight(1)).toBeCloseTo(0.075, 6);
    expect(regression.weight(3)).toBeCloseTo(0.1, 6);
    for (let index = 0; index < 40; index += 1) regression.update(other, 0, 0.5); // past the rescaling point
    expect(regression.weight(1)).toBeCloseTo(0.075 * 0.5 ** 40, 12);
  });
});

describe('prompt features', () => {
  it('are fixed-size buckets with unit length, the same for the same text, and hold no text', () => {
    const first = hashPromptFeatures('Write a haiku about autumn', { bucketCount: 1024 });
    const again = hashPromptFeatures('Write a haiku about autumn', { bucketCount: 1024 });
    expect(Array.from(first.indices)).toEqual(Array.from(again.indices));
    expect(first.indices.every((bucket) => bucket >= 0 && bucket < 1024)).toBe(true);
    const length = Math.sqrt(first.values.reduce((sum, value) => sum + value * value, 0));
    expect(length).toBeCloseTo(1, 5);
    expect(Object.keys(first).sort()).toEqual(['indices', 'values', 'words']);
    // The words alone, for finding similar prompts: one bucket per distinct word, damped counts.
    expect(Array.from(first.words?.values ?? [])).toEqual([1, 1, 1, 1, 1]);
    const repeated = hashPromptFeatures('tea tea tea', { bucketCount: 1024 });
    expect(Array.from(repeated.words?.values ?? [])).toEqual([Math.fround(1 + Math.log(3))]);
  });
});

describe('running percentile', () => {
  it('reads the nearest-rank percentile of the recent window', () => {
    const percentile = new RunningPercentile(4);
    expect(percentile.quantile(0.5)).toBeUndefined();
    for (const value of [5, 1, 3, 2]) percentile.add(value);
    expect(percentile.quantile(0.5)).toBe(2);
    expect(percentile.quantile(0.75)).toBe(3);
    percentile.add(10); // 5 leaves the window: 1 2 3 10
    expect(percentile.quantile(1)).toBe(10);
    expect(percentile.quantile(0.75)).toBe(3);
  });
});

describe('prompt success model', () => {
  it('starts at the tier prior and leaves a trivial prompt alone after a few unrelated local failures', () => {
    const model = new PromptSuccessModel(new KindSuccessTally());
    const haiku = { modelId: 'local:small', tier: 'local' as const, kind: 'writing' as const, difficulty: 1 };
    const haikuFeatures = hashPromptFeatures('Write a haiku about the sea');
    const before = model.probability(haiku, haikuFeatures);
    expect(before).toBeCloseTo(tierPrior('local', 'writing', 1), 6);
    const failures = [
      'Implement a lock-free concurrent hash map in Rust with epoch-based reclamation',
      'Prove that the halting problem is undecidable using diagonalisation',
      'Write a SQL query that finds the median salary per department with window functions',
      'Refactor this 2,000-line TypeScript module into smaller files and keep the tests passing',
    ];
    for (const text of failures) model.learn({ ...haiku, kind: 'code', difficulty: 5 }, hashPromptFeatures(text), 0);
    const after = model.probability(haiku, haikuFeatures);
    expect(Math.abs(after - before)).toBeLessThan(0.05);
    expect(after).toBeGreaterThan(0.8);
  });
});

describe('learned router', () => {
  it('routes by what it learned: the weak model is good at one kind of prompt and bad at another', () => {
    const random = seeded(7);
    const router = new LearnedRouter({
      weak: { modelId: 'weak', tier: 'local' },
      strong: { modelId: 'strong', tier: 'strong' },
      strongShare: 0.5,
      floor: new KindSuccessTally(),
      random,
    });
    const topics = {
      // The weak model gets 90% of the poems right but 20% of the integrals; the strong one 85% of both.
      poem: { words: ['poem', 'verse', 'rhyme', 'stanza', 'sonnet', 'ballad', 'love', 'rain'], weak: 0.9, strong: 0.85 },
      integral: { words: ['integral', 'derivative', 'limit', 'series', 'converge', 'calculus', 'sine', 'log'], weak: 0.2, strong: 0.85 },
    };
    const promptOf = (topic: keyof typeof topics) => {
      const words = topics[topic].words;
      const picked = Array.from({ length: 6 }, () => words[Math.floor(random() * words.length)]);
      // Both kinds are 'chat' to the planner: only the prompt's words can tell them apart.
      return { text: `please help with this ${picked.join(' ')}`, kind: 'chat' as const, difficulty: 3 };
    };
    for (let index = 0; index < 600; index += 1) {
      const topic = random() < 0.5 ? 'poem' : 'integral';
      const prompt = promptOf(topic);
      const choice = router.route(prompt);
      const success = random() < topics[topic][choice.arm] ? 1 : 0;
      router.learn(prompt, choice.arm, success);
    }
    let integralsToStrong = 0;
    let poemsToStrong = 0;
    for (let index = 0; index < 100; index += 1) {
      if (router.route(promptOf('integral')).arm === 'strong') integralsToStrong += 1;
      if (router.route(promptOf('poem')).arm === 'strong') poemsToStrong += 1;
    }
    expect(integralsToStrong).toBeGreaterThan(80);
    expect(poemsToStrong).toBeLessThan(20);
  });

  it('keeps to the allowed share of strong calls', () => {
    const random = seeded(3);
    const router = new LearnedRouter({ weak: { modelId: 'weak', tier: 'local' }, strong: { modelId: 'strong', tier: 'strong' }, strongShare: 0.3, floor: new KindSuccessTally(), random });
    let strong = 0;
    for (let index = 0; index < 1000; index += 1) {
      const prompt = { text: `question number ${index} about ${index % 7 === 0 ? 'algebra' : 'history'}`, kind: 'chat' as const, difficulty: 3 };
      const choice = router.route(prompt);
      if (choice.arm === 'strong') strong += 1;
      router.learn(prompt, choice.arm, random() < 0.7 ? 1 : 0);
    }
    expect(strong / 1000).toBeGreaterThan(0.25);
    expect(strong / 1000).toBeLessThan(0.35);
  });
});

describe('answer checks', () => {
  const cases: Array<[string, string[]]> = [
    ['She sells 9 eggs for 9 * 2 = <<9*2=18>>18 dollars.\n#### 18', ['clean']],
    ['So 3 x 60 = 180 meters, and 180 x 3 = 560 meters.\n#### 560', ['arithmetic-wrong']],
    ['The value after repairs is 80,000 + 50,000 = $<<80000+50000=130000>>130,00', ['cut-off', 'final-number-not-computed']],
    ['It takes 2 + 1/2 = 5/2 = 2.5 bolts. However, you cannot have half a bolt.\n#### 3', ['hedge:however', 'final-number-not-computed']],
    ['I cannot help with that.', ['refusal', 'no-final-number', 'no-arithmetic']],
    ['', ['empty']],
  ];
  it.each(cases)('%j → %j', (answer, expected) => {
    const findings = checkAnswer(answer, { math: true });
    for (const finding of expected) expect(findings).toContain(finding);
    if (expected.includes('clean')) expect(findings).toEqual(['clean']);
  });

  it('evaluates arithmetic without eval and refuses anything else', () => {
    expect(evaluate('2 + 3 * (4 - 1)')).toBe(11);
    expect(evaluate('80,000 + 50,000')).toBe(130000);
    expect(evaluate('process.exit()')).toBeUndefined();
    expect(checkArithmetic('2 + 2 = 5 and 3 * 3 = 9')).toEqual({ checked: 2, wrong: 1, results: [5, 9] });
  });
});

describe('per-(model, kind) floor', () => {
  it('is the tier prior worth four outcomes plus what was seen, with older outcomes fading', () => {
    const tally = new KindSuccessTally(undefined, 4, 0.5);
    const query = { modelId: 'local:small', tier: 'local' as const, kind: 'chat' as const, difficulty: 1 };
    const prior = tierPrior('local', 'chat', 1);
    expect(tally.estimate(query).probability).toBeCloseTo(prior, 10);
    tally.record('local:small', 'chat', 1); // count 1, successes 1
    expect(tally.estimate(query).probability).toBeCloseTo((prior * 4 + 1) / 5, 10);
    tally.record('local:small', 'chat', 0); // count 0.5 + 1 = 1.5, successes 0.5
    expect(tally.estimate(query).probability).toBeCloseTo((prior * 4 + 0.5) / 5.5, 10);
    expect(tally.estimate({ ...query, kind: 'code' }).basis).toBe('local-tier prior');
  });
});
