import type { SuccessEstimator, SuccessQuery } from './success-estimator.js';
import { OnlineLogisticRegression, logit, sigmoid } from './online-logistic-regression.js';
import { NeighbourVote, defaultNeighbourVoteSettings, type NeighbourVoteSettings } from './neighbour-vote.js';
import { PromptClusters, defaultPromptClusterSettings, type PromptClusterSettings } from './prompt-clusters.js';
import { defaultBucketCount, withExtraFeatures, type HashedFeatures } from './prompt-features.js';

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
  /**
   * Blend in the vote of similar past prompts (see NeighbourVote): the regression's estimate counts
   * as this many neighbours' worth of votes, so a few weak neighbours move it little and many near
   * ones decide. Unset: no vote.
   */
  neighbourPriorWeight?: number;
  neighbourVote?: NeighbourVoteSettings;
  /** Add the prompt's topic group (see PromptClusters) as one more feature of this weight. Unset: no groups. */
  topicWeight?: number;
  topics?: PromptClusterSettings;
}

export const defaultPromptSuccessSettings: PromptSuccessSettings = {
  bucketCount: defaultBucketCount,
  learningRate: 0.1,
  decay: 1e-4,
  adaptive: true,
  neighbourPriorWeight: 2,
  neighbourVote: defaultNeighbourVoteSettings,
  topicWeight: 1,
  topics: defaultPromptClusterSettings,
};

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
  private readonly neighbours: NeighbourVote | undefined;
  private readonly topics: PromptClusters | undefined;
  /** The last prompt's features with its topic added: one routing asks about every model with the same features. */
  private lastTopic: { features: HashedFeatures; learned: number; withTopic: HashedFeatures } | undefined;
  private learned = 0;

  constructor(
    readonly floor: SuccessFloor,
    readonly settings: PromptSuccessSettings = defaultPromptSuccessSettings,
  ) {
    this.shared = new OnlineLogisticRegression(settings.bucketCount, settings.learningRate, settings.decay, settings.adaptive);
    if (settings.topicWeight !== undefined) this.topics = new PromptClusters(settings.topics ?? defaultPromptClusterSettings);
    if (settings.neighbourPriorWeight !== undefined) this.neighbours = new NeighbourVote(settings.neighbourVote ?? defaultNeighbourVoteSettings);
  }

  probability(query: SuccessQuery, promptFeatures: HashedFeatures, offsetAdjustment = 0): number {
    const features = this.withTopic(promptFeatures);
    const offset = logit(this.floor.estimate(query).probability) + offsetAdjustment;
    const regression = this.regressions.get(query.modelId);
    const shared = this.settings.sharedDifficulty === false ? 0 : this.shared.margin(features);
    const learned = sigmoid(offset + shared + (regression ? regression.margin(features) : 0));
    const vote = features.words && this.neighbours?.vote(features.words).get(query.modelId);
    if (!vote) return learned;
    const priorWeight = this.settings.neighbourPriorWeight ?? 0;
    return (vote.successes + priorWeight * learned) / (vote.weight + priorWeight);
  }

  /** Outcomes this model's regression has learned. */
  evidence(modelId: string): number {
    return this.regressions.get(modelId)?.updates ?? 0;
  }

  /** The weight of this model's vote among past prompts like this one: how much it was seen near here (0 without a vote). */
  nearbyEvidence(modelId: string, features: HashedFeatures): number {
    return (features.words && this.neighbours?.vote(features.words).get(modelId)?.weight) || 0;
  }

  /** Learns one outcome: `success` 1 or 0, or a graded score in [0, 1]. */
  learn(query: SuccessQuery, promptFeatures: HashedFeatures, success: number, offsetAdjustment = 0): void {
    const features = this.withTopic(promptFeatures);
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
    if (features.words) {
      this.neighbours?.remember(query.modelId, features.words, success);
      this.topics?.learn(features.words);
    }
    this.learned += 1;
    this.floor.record?.(query.modelId, query.kind, success);
  }

  private withTopic(features: HashedFeatures): HashedFeatures {
    if (!this.topics || !features.words) return features;
    if (this.lastTopic?.features === features && this.lastTopic.learned === this.learned) return this.lastTopic.withTopic;
    const topic = this.topics.assign(features.words);
    const withTopic = topic === undefined ? features : withExtraFeatures(features, [`topic:${topic}`], this.settings.topicWeight ?? 0, this.settings.bucketCount);
    this.lastTopic = { features, learned: this.learned, withTopic };
    return withTopic;
  }
}
