import type { Outcome } from '../../shared/domain.js';
import type { SuccessEstimate, SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { clampProbability, TierPriorEstimator } from './tier-priors.js';

/**
 * A Beta posterior per (model, kind), held in memory: the tier prior counted as `priorWeight`
 * outcomes plus what was seen, older outcomes fading by `decay` per new outcome of the same pair.
 * The floor under the prompt-feature estimates where no database is at hand (the replay bench);
 * the app uses the outcome log's `LearnedSuccessEstimator` in the same place.
 */
export class KindSuccessTally implements SuccessEstimator {
  private readonly tallies = new Map<string, { count: number; successes: number }>();

  constructor(
    private readonly prior: SuccessEstimator = new TierPriorEstimator(),
    private readonly priorWeight = 4,
    private readonly decay = 0,
  ) {}

  estimate(query: SuccessQuery): SuccessEstimate {
    const prior = this.prior.estimate(query);
    const tally = this.tallies.get(`${query.modelId}\u0000${query.kind}`);
    if (!tally || tally.count === 0) return prior;
    const probability = (prior.probability * this.priorWeight + tally.successes) / (this.priorWeight + tally.count);
    return { probability: clampProbability(probability), basis: `learned from ${Math.round(tally.count)} outcomes` };
  }

  record(modelId: string, kind: string, success: number): void {
    const key = `${modelId}\u0000${kind}`;
    const tally = this.tallies.get(key) ?? { count: 0, successes: 0 };
    tally.count = tally.count * (1 - this.decay) + 1;
    tally.successes = tally.successes * (1 - this.decay) + success;
    this.tallies.set(key, tally);
  }

  observe(outcome: Outcome): void {
    this.record(outcome.modelId, outcome.kind, outcome.success ? 1 : 0);
  }
}
