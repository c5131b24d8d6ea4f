import type { Outcome } from '../../shared/domain.js';
import type { ModelTier, TaskKind } from '../../shared/plan.js';
import type { HashedFeatures } from './prompt-features.js';
import { PromptSuccessModel, defaultPromptSuccessSettings, type PromptSuccessSettings } from './prompt-success-model.js';
import type { SuccessEstimate, SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { clampProbability } from './tier-priors.js';

/**
 * The conductor's estimator once prompts are learned from: the per-(model, kind, difficulty)
 * estimator it wraps (the outcome log's) stays the floor, and the prompt's hashed features move
 * the estimate as far as past outcomes of similar instructions say. Without features (or for a
 * model with no outcomes learned here) the floor answers unchanged.
 *
 * The regressions live in memory: the outcome log stores no features yet, so after a restart
 * they start again from the floor, which is read from the database as before.
 */
export class PromptAwareSuccessEstimator implements SuccessEstimator {
  private readonly model: PromptSuccessModel;
  /** The tier each model was last asked about: an outcome does not carry it, and the floor's prior needs it. */
  private readonly tiers = new Map<string, ModelTier>();

  constructor(
    private readonly floor: SuccessEstimator,
    settings: PromptSuccessSettings = defaultPromptSuccessSettings,
  ) {
    // The floor learns from the conductor's `observe` on its own; the model must not count outcomes in it twice.
    this.model = new PromptSuccessModel({ estimate: (query) => floor.estimate(query) }, settings);
  }

  estimate(query: SuccessQuery): SuccessEstimate {
    this.tiers.set(query.modelId, query.tier);
    const floor = this.floor.estimate(query);
    const evidence = this.model.evidence(query.modelId);
    if (!query.features || evidence === 0) return floor;
    return {
      probability: clampProbability(this.model.probability(query, query.features)),
      basis: `${floor.basis}, adjusted by the prompt (${evidence} outcomes learned)`,
    };
  }

  observe(outcome: Outcome, features?: HashedFeatures): void {
    const tier = this.tiers.get(outcome.modelId);
    if (features && tier) {
      // Before the floor counts the outcome, so the regression learns against the estimate it was routed by.
      const query = { modelId: outcome.modelId, tier, kind: outcome.kind as TaskKind, difficulty: outcome.difficulty };
      this.model.learn(query, features, outcome.success ? 1 : 0);
    }
    this.floor.observe?.(outcome);
  }
}
