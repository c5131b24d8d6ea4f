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
}

export const defaultPromptSuccessSettings: PromptSuccessSettings = { bucketCount: defaultBucketCount, learningRate: 0.5, decay: 1e-4 };

/**
 * P(good answer | model, prompt): per model, an online logistic regression over the prompt's
 * hashed features on top of the per-(model, kind) posterior, whose own prior is the tier prior.
 * So a new install routes by tier priors; the (model, kind) rates take over as outcomes come; and
 * the prompt's features move the estimate only as far as past outcomes of similar prompts say.
 * A prompt whose features were never seen (or a few unrelated failures) leaves the floor nearly as is.
 */
export class PromptSuccessModel {
  private readonly regressions = new Map<string, OnlineLogisticRegression>();

  constructor(
    readonly floor: SuccessFloor,
    readonly settings: PromptSuccessSettings = defaultPromptSuccessSettings,
  ) {}

  probability(query: SuccessQuery, features: HashedFeatures, offsetAdjustment = 0): number {
    const offset = logit(this.floor.estimate(query).probability) + offsetAdjustment;
    const regression = this.regressions.get(query.modelId);
    return regression ? sigmoid(offset + regression.margin(features)) : sigmoid(offset);
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
      regression = new OnlineLogisticRegression(this.settings.bucketCount, this.settings.learningRate, this.settings.decay);
      this.regressions.set(query.modelId, regression);
    }
    regression.update(features, offset, success);
    this.floor.record?.(query.modelId, query.kind, success);
  }
}
