import type { Outcome } from '../../shared/domain.js';
import type { ModelTier, TaskKind } from '../../shared/plan.js';
import type { HashedFeatures } from './prompt-features.js';

export interface SuccessQuery {
  modelId: string;
  tier: ModelTier;
  kind: TaskKind;
  /** 1 (trivial) to 5 (hard). */
  difficulty: number;
  /** The subtask's instruction as hashed features (no text), for estimators that learn from prompts. */
  features?: HashedFeatures;
}

export interface SuccessEstimate {
  /** P(success | model, kind, difficulty) in [0, 1]. */
  probability: number;
  /** Where the figure comes from, in words: "tier prior", "learned from 12 outcomes". */
  basis: string;
}

/**
 * What the router asks before it picks a model. Tier priors stand in until outcomes exist; the
 * learning estimator blends both. Kept behind this interface so the router never knows which.
 */
export interface SuccessEstimator {
  estimate(query: SuccessQuery): SuccessEstimate;
  /**
   * Told about every outcome the conductor records, so estimates move during a session. `tier`:
   * the model's, for an outcome of a model the router was not asked about (a shadow run).
   */
  observe?(outcome: Outcome, features?: HashedFeatures, tier?: ModelTier): void;
}
