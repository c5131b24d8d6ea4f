import type { Outcome } from '../../shared/domain.js';
import type { ModelTier, TaskKind } from '../../shared/plan.js';
import type { HashedFeatures } from './prompt-features.js';
import { PromptSuccessModel, defaultPromptSuccessSettings, type PromptSuccessSettings } from './prompt-success-model.js';
import type { SuccessEstimate, SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { clampProbability } from './tier-priors.js';

/** An outcome with what the regressions need to learn it again: its prompt's features and its model's tier. */
export interface RememberedOutcome {
  outcome: Outcome;
  tier: ModelTier;
  features: HashedFeatures;
}

/** Where outcomes' features are kept between runs of the app (the database's outcome_features). */
export interface PromptOutcomeMemory {
  keep(remembered: RememberedOutcome): void;
  /** What was kept and not deleted since, oldest first. */
  recall(): Iterable<RememberedOutcome>;
}

/**
 * What an outcome teaches the regressions, in [0, 1]: the person's rating when they gave one
 * (+1 → 1, -1 → 0, a soft down such as a regenerated answer's -0.5 → 0.25), else the evaluator's
 * verdict.
 */
export function learnedLabel(outcome: Pick<Outcome, 'success' | 'userFeedback'>): number {
  if (outcome.userFeedback === null) return outcome.success ? 1 : 0;
  return Math.min(1, Math.max(0, (outcome.userFeedback + 1) / 2));
}

/**
 * The conductor's estimator once prompts are learned from: the per-(model, kind, difficulty)
 * estimator it wraps (the outcome log's) stays the floor, and the prompt's hashed features move
 * the estimate as far as past outcomes of similar instructions say. Without features (or for a
 * model with no outcomes learned here) the floor answers unchanged.
 *
 * With a memory, each outcome's features are kept, and the regressions are rebuilt from them
 * on first use (after a restart) and after `forget` (a conversation deleted). Rebuilt, they
 * learn each outcome once, with its rating, against the floor as it is now: close to, not
 * exactly, the regressions learned live.
 */
export class PromptAwareSuccessEstimator implements SuccessEstimator {
  private model: PromptSuccessModel | undefined;
  /** The tier each model was last asked about: an outcome does not carry it, and the floor's prior needs it. */
  private readonly tiers = new Map<string, ModelTier>();

  constructor(
    private readonly floor: SuccessEstimator,
    private readonly settings: PromptSuccessSettings = defaultPromptSuccessSettings,
    private readonly memory?: PromptOutcomeMemory,
  ) {}

  estimate(query: SuccessQuery): SuccessEstimate {
    this.tiers.set(query.modelId, query.tier);
    const floor = this.floor.estimate(query);
    const model = this.learnedModel();
    const evidence = model.evidence(query.modelId);
    if (!query.features || evidence === 0) return floor;
    return {
      probability: clampProbability(model.probability(query, query.features)),
      basis: `${floor.basis}, adjusted by the prompt (${evidence} outcomes learned)`,
    };
  }

  observe(outcome: Outcome, features?: HashedFeatures, modelTier?: ModelTier): void {
    const tier = modelTier ?? this.tiers.get(outcome.modelId);
    if (features && tier) {
      // Relearned from the memory first (after a start), so that this outcome is not learned twice.
      const model = this.learnedModel();
      this.memory?.keep({ outcome, tier, features });
      // Before the floor counts the outcome, so the regression learns against the estimate it was routed by.
      this.learn(model, { outcome, tier, features });
    }
    this.floor.observe?.(outcome);
  }

  /**
   * Learns outcomes once more, as they are now: a rating just given (or taken back) teaches the
   * regressions without relearning everything. After a restart each is learned once, with its rating.
   */
  learnAgain(outcomes: readonly RememberedOutcome[]): void {
    // Not learned yet: the memory will be learned with the rating in.
    if (!this.model) return;
    for (const remembered of outcomes) this.learn(this.model, remembered);
  }

  /**
   * Drops what was learned from prompts (outcomes were deleted); the next estimate learns it
   * again from the memory, as it is then.
   */
  forget(): void {
    this.model = undefined;
  }

  private learnedModel(): PromptSuccessModel {
    if (!this.model) {
      // The floor learns from the conductor's `observe` on its own; the model must not count outcomes in it twice.
      this.model = new PromptSuccessModel({ estimate: (query) => this.floor.estimate(query) }, this.settings);
      for (const remembered of this.memory?.recall() ?? []) {
        if (!this.tiers.has(remembered.outcome.modelId)) this.tiers.set(remembered.outcome.modelId, remembered.tier);
        this.learn(this.model, remembered);
      }
    }
    return this.model;
  }

  private learn(model: PromptSuccessModel, { outcome, tier, features }: RememberedOutcome): void {
    const query = { modelId: outcome.modelId, tier, kind: outcome.kind as TaskKind, difficulty: outcome.difficulty };
    model.learn(query, features, learnedLabel(outcome));
  }
}
