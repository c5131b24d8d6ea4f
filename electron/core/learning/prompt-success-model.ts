import type { SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { OnlineLogisticRegression, logit, sigmoid } from './online-logistic-regression.js';
import { defaultBucketCount, type HashedFeatures } from './prompt-features.js';

/** A floor that can also be told outcomes (the in-memory tally); the app's outcome log learns on its own. */
export interface SuccessFloor extends SuccessEstimator {
  record?(modelId: string, kind: string, success: number): void;
}

export interface PromptSuccessSettings {
  bucketCount: number;
  learningRate: number;
  /** Share of every weight forgotten per outcome of that model: 1e-4 remembers about the last 10,000. */
  decay: number;
  /** AdaGrad steps per bucket instead of one learning rate for all. */
  adaptive?: boolean;
  /** Learn a difficulty shared by all models (see `shared`). */
  sharedDifficulty?: boolean;
}

export const defaultPromptSuccessSettings: PromptSuccessSettings = { bucketCount: defaultBucketCount, learningRate: 0.1, decay: 1e-4, adaptive: true };

/**
 * P(good answer | model, prompt): per model, an online logistic regression over the prompt's
 * hashed features on top of the per-(model, kind) posterior, whose own prior is the tier prior.
 * So a new install routes by tier priors; the (model, kind) rates take over as outcomes come; and
 * the prompt's features move the estimate only as far as past outcomes of similar prompts say.
 * A prompt whose features were never seen (or a few unrelated failures) leaves the floor nearly as is.
 */
export class PromptSuccessModel {
  private readonly regressions = new Map<string, OnlineLogisticRegression>();
  /**
   * What every model's outcomes say about the prompt itself (how hard it is), learned from the
   * outcomes of all models: a model seldom called still gets the difficulty the others saw, and
   * its own regression learns only how it differs.
   */
  private readonly shared: OnlineLogisticRegression;

  constructor(
    readonly floor: SuccessFloor,
    readonly settings: PromptSuccessSettings = defaultPromptSuccessSettings,
  ) {
    this.shared = new OnlineLogisticRegression(settings.bucketCount, settings.learningRate, settings.decay, settings.adaptive);
  }

  probability(query: SuccessQuery, features: HashedFeatures, offsetAdjustment = 0): number {
    const offset = logit(this.floor.estimate(query).probability) + offsetAdjustment;
    const regression = this.regressions.get(query.modelId);
    const shared = this.settings.sharedDifficulty === false ? 0 : this.shared.margin(features);
    return sigmoid(offset + shared + (regression ? regression.margin(features) : 0));
  }

  /** Outcomes this model's regression has learned. */
  evidence(modelId: string): number {
    return this.regressions.get(modelId)?.updates ?? 0;
  }

  /** Learns one outcome: `success` 1 or 0, or a graded score in [0, 1]. */
  learn(query: SuccessQuery, features: HashedFeatures, success: number, offsetAdjustment = 0): void {
    const offset = logit(this.floor.estimate(query).probability) + offsetAdjustment;
    let regression = this.regressions.get(query.modelId);
    if (!regression) {
      regression = new OnlineLogisticRegression(this.settings.bucketCount, this.settings.learningRate, this.settings.decay, this.settings.adaptive);
      this.regressions.set(query.modelId, regression);
    }
    // One gradient step on the sum of both regressions: each learns from the same error.
    const useShared = this.settings.sharedDifficulty !== false;
    const sharedMargin = useShared ? this.shared.margin(features) : 0;
    const ownMargin = regression.margin(features);
    regression.update(features, offset + sharedMargin, success);
    if (useShared) this.shared.update(features, offset + ownMargin, success);
    this.floor.record?.(query.modelId, query.kind, success);
  }
}
