import { afterEach, describe, expect, it } from 'vitest';
import { LearnedSuccessEstimator, OutcomeLog } from '../../electron/core/learning/outcome-log.js';
import { TierPriorEstimator, tierPrior } from '../../electron/core/learning/tier-priors.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';

let database: BatonDatabase;
afterEach(() => database?.close());

const record = (modelId: string, success: boolean, difficulty = 2) =>
  database.outcomes.record({ modelId, kind: 'code', difficulty, success, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });

describe('success estimators', () => {
  it('tier priors fall with difficulty and rise with the tier', () => {
    for (const tier of ['local', 'cheap', 'strong'] as const) {
      expect(tierPrior(tier, 'code', 1)).toBeGreaterThan(tierPrior(tier, 'code', 5));
    }
    expect(tierPrior('strong', 'math', 4)).toBeGreaterThan(tierPrior('cheap', 'math', 4));
    expect(tierPrior('cheap', 'math', 4)).toBeGreaterThan(tierPrior('local', 'math', 4));
    const estimate = new TierPriorEstimator().estimate({ modelId: 'x', tier: 'local', kind: 'chat', difficulty: 1 });
    expect(estimate.basis).toBe('local-tier prior');
    expect(estimate.probability).toBeCloseTo(0.95, 10);
  });

  it('learns from the outcomes in the database and from outcomes observed later', () => {
    database = openDatabase(':memory:');
    for (let index = 0; index < 6; index += 1) record('local:good', true);
    const log = new OutcomeLog(database);
    const estimator = new LearnedSuccessEstimator(log);
    const query = { modelId: 'local:good', tier: 'local' as const, kind: 'code' as const, difficulty: 2 };
    const prior = tierPrior('local', 'code', 2);
    const learned = estimator.estimate(query);
    expect(learned.basis).toBe('learned from 6 outcomes');
    expect(learned.probability).toBeCloseTo((prior * 4 + 6) / 10, 6);

    for (let index = 0; index < 4; index += 1) estimator.observe(record('local:good', false));
    expect(estimator.estimate(query).probability).toBeCloseTo((prior * 4 + 6) / 14, 6);
    // Neighbouring difficulties count half; other models and kinds not at all.
    expect(estimator.estimate({ ...query, difficulty: 3 }).basis).toBe('learned from 5 outcomes');
    expect(estimator.estimate({ ...query, modelId: 'local:other' }).basis).toBe('local-tier prior');
  });

  it('counts the table again after a reset, so deleted outcomes stop counting', () => {
    database = openDatabase(':memory:');
    for (let index = 0; index < 3; index += 1) record('local:good', true);
    const log = new OutcomeLog(database);
    const estimator = new LearnedSuccessEstimator(log);
    const query = { modelId: 'local:good', tier: 'local' as const, kind: 'code' as const, difficulty: 2 };
    expect(estimator.estimate(query).basis).toBe('learned from 3 outcomes');
    database.deleteAllData();
    expect(estimator.estimate(query).basis).toBe('learned from 3 outcomes');
    log.reset();
    expect(estimator.estimate(query).basis).toBe('local-tier prior');
  });
});
