import type { Outcome } from '../../shared/domain.js';
import type { BatonDatabase } from '../storage/database.js';
import { judgedSuccess } from './judged-success.js';
import type { SuccessEstimate, SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { clampProbability, TierPriorEstimator } from './tier-priors.js';

interface Tally {
  count: number;
  successes: number;
}

/**
 * The outcomes in `database.outcomes`, tallied per model × kind × difficulty. Read once (lazily)
 * and kept current by `observe`, so routing never scans the table.
 */
export class OutcomeLog {
  private tallies: Map<string, Tally> | undefined;

  constructor(private readonly database: BatonDatabase) {}

  /** Counts an outcome just written to `database.outcomes` (the conductor calls this after each record). */
  observe(outcome: Outcome): void {
    if (!this.tallies) return; // counted when the log is first read
    const key = keyOf(outcome.modelId, outcome.kind, outcome.difficulty);
    const tally = this.tallies.get(key) ?? { count: 0, successes: 0 };
    tally.count += 1;
    if (judgedSuccess(outcome)) tally.successes += 1;
    this.tallies.set(key, tally);
  }

  /** Forgets the counts, so the next read counts the table again (after outcomes were deleted). */
  reset(): void {
    this.tallies = undefined;
  }

  tally(modelId: string, kind: string, difficulty: number): Tally {
    return this.read().get(keyOf(modelId, kind, difficulty)) ?? { count: 0, successes: 0 };
  }

  private read(): Map<string, Tally> {
    if (!this.tallies) {
      const tallies = new Map<string, Tally>();
      for (const outcome of this.database.outcomes.list()) {
        const key = keyOf(outcome.modelId, outcome.kind, outcome.difficulty);
        const tally = tallies.get(key) ?? { count: 0, successes: 0 };
        tally.count += 1;
        if (judgedSuccess(outcome)) tally.successes += 1;
        tallies.set(key, tally);
      }
      this.tallies = tallies;
    }
    return this.tallies;
  }
}

/**
 * Tier priors updated by outcomes: a Beta prior worth `priorWeight` outcomes, plus what was seen
 * at this difficulty (full weight) and at the neighbouring ones (half weight).
 */
export class LearnedSuccessEstimator implements SuccessEstimator {
  constructor(
    private readonly log: OutcomeLog,
    private readonly prior: SuccessEstimator = new TierPriorEstimator(),
    private readonly priorWeight = 4,
  ) {}

  estimate(query: SuccessQuery): SuccessEstimate {
    const prior = this.prior.estimate(query);
    let count = 0;
    let successes = 0;
    for (const [offset, weight] of [[0, 1], [-1, 0.5], [1, 0.5]] as const) {
      const difficulty = query.difficulty + offset;
      if (difficulty < 1 || difficulty > 5) continue;
      const tally = this.log.tally(query.modelId, query.kind, difficulty);
      count += tally.count * weight;
      successes += tally.successes * weight;
    }
    if (count === 0) return prior;
    const probability = (prior.probability * this.priorWeight + successes) / (this.priorWeight + count);
    return { probability: clampProbability(probability), basis: `learned from ${Math.round(count)} outcomes` };
  }

  observe(outcome: Outcome): void {
    this.log.observe(outcome);
  }
}

function keyOf(modelId: string, kind: string, difficulty: number): string {
  return `${modelId}\u0000${kind}\u0000${Math.round(difficulty)}`;
}
