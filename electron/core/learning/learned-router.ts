import type { ModelTier, TaskKind } from '../../shared/plan.js';
import { checkAnswer } from './answer-checks.js';
import { hashPromptFeatures, withExtraFeatures, type HashedFeatures } from './prompt-features.js';
import { PromptSuccessModel, defaultPromptSuccessSettings, type PromptSuccessSettings, type SuccessFloor } from './prompt-success-model.js';
import { RunningPercentile } from './running-percentile.js';
import type { SuccessQuery } from './success-estimator.js';

/**
 * The learned policy between a weak (local or cheap) and a strong model: route on the predicted
 * gain P(strong ok) − P(weak ok), against a threshold that a running percentile of recent gains
 * keeps at the share of strong calls the cost setting allows. A little Thompson-style noise,
 * wider while the strong model has few outcomes, keeps learning where the strong model is seldom
 * tried. With a weak answer in hand (the cascade), the weak side is instead P(this answer is ok),
 * learned from the prompt and the answer's cheap checks.
 */
export interface ArmModel {
  modelId: string;
  tier: ModelTier;
}

export interface RoutedPrompt {
  /** The prompt's text, or its features when they were computed already (the text is not kept). */
  text?: string;
  features?: HashedFeatures;
  kind: TaskKind;
  difficulty: number;
}

export interface RoutingChoice {
  arm: 'weak' | 'strong';
  /** Predicted gain of the strong model (with the exploration noise in `sampledGain`). */
  gain: number;
  sampledGain: number;
  threshold: number | undefined;
  weakProbability: number;
  strongProbability: number;
  reason: string;
}

export interface LearnedRouterOptions {
  weak: ArmModel;
  strong: ArmModel;
  /** Share of prompts the cost setting allows the strong model, 0..1. */
  strongShare: number;
  floor: SuccessFloor;
  random: () => number;
  settings?: PromptSuccessSettings;
  /** The exploration noise's standard deviation while nothing is known; it halves by `explorationHalfLife` strong outcomes. */
  explorationWidth?: number;
  explorationHalfLife?: number;
  /**
   * With a vote of similar past prompts: the exploration's width at a prompt shrinks with the strong
   * model's evidence near it, as sqrt(m / (m + evidence)) for this m, instead of with its evidence overall.
   */
  localExploration?: number;
  /** How many recent gains the threshold is a percentile of. */
  percentileWindow?: number;
}

/** The weak answer's checks start at this logit penalty each, before any outcome says what they are worth. */
const checkPriorPenalty = 0.5;

export class LearnedRouter {
  readonly model: PromptSuccessModel;
  strongShare: number;
  private readonly gains: RunningPercentile;
  private readonly cascadeGains: RunningPercentile;
  private readonly explorationWidth: number;
  private readonly explorationHalfLife: number;
  /** The model whose outcomes are judged from its answer: kept apart, since its inputs differ. */
  private readonly answerModelId: string;

  constructor(private readonly options: LearnedRouterOptions) {
    this.model = new PromptSuccessModel(options.floor, options.settings ?? defaultPromptSuccessSettings);
    this.strongShare = options.strongShare;
    // A short window: the gains move as the estimates learn, and a long one keeps thresholds from gains of an older state.
    this.gains = new RunningPercentile(options.percentileWindow ?? 300);
    this.cascadeGains = new RunningPercentile(options.percentileWindow ?? 300);
    // Narrow: measured on the replay, wider noise (0.05 to 0.3) cost more in wrong calls than it taught.
    this.explorationWidth = options.explorationWidth ?? 0.01;
    this.explorationHalfLife = options.explorationHalfLife ?? 200;
    this.answerModelId = `${options.weak.modelId}#answer`;
  }

  featuresOf(prompt: RoutedPrompt): HashedFeatures {
    const features = prompt.features ?? hashPromptFeatures(prompt.text ?? '', { bucketCount: this.model.settings.bucketCount });
    return withExtraFeatures(features, [`kind:${prompt.kind}`], 0.3, this.model.settings.bucketCount);
  }

  /** Picks weak or strong for a prompt, before anything is called. */
  route(prompt: RoutedPrompt): RoutingChoice {
    const features = this.featuresOf(prompt);
    const weakProbability = this.model.probability(this.query(this.options.weak, prompt), features);
    const strongProbability = this.model.probability(this.query(this.options.strong, prompt), features);
    return this.choose(this.gains, strongProbability - weakProbability, weakProbability, strongProbability, 'predicted', features);
  }

  /** The cascade's second step: the weak model answered; escalate to the strong model or keep the answer. */
  routeAfterWeakAnswer(prompt: RoutedPrompt, answer: string): RoutingChoice {
    const { features, penalty } = this.answerFeatures(prompt, answer);
    const weakProbability = this.model.probability(this.query(this.options.weak, prompt, this.answerModelId), features, penalty);
    const strongProbability = this.model.probability(this.query(this.options.strong, prompt), this.featuresOf(prompt));
    return this.choose(this.cascadeGains, strongProbability - weakProbability, weakProbability, strongProbability, 'after checking the weak answer');
  }

  /** Learns the outcome of a model that was called (and only of one that was called). */
  learn(prompt: RoutedPrompt, arm: 'weak' | 'strong', success: number): void {
    const model = arm === 'weak' ? this.options.weak : this.options.strong;
    this.model.learn(this.query(model, prompt), this.featuresOf(prompt), success);
  }

  /** Learns whether a weak answer that was read by the checks turned out good. */
  learnWeakAnswer(prompt: RoutedPrompt, answer: string, success: number): void {
    const { features, penalty } = this.answerFeatures(prompt, answer);
    this.model.learn(this.query(this.options.weak, prompt, this.answerModelId), features, success, penalty);
  }

  private answerFeatures(prompt: RoutedPrompt, answer: string): { features: HashedFeatures; penalty: number } {
    const findings = checkAnswer(answer, { math: prompt.kind === 'math' });
    const failed = findings.filter((finding) => finding !== 'clean' && finding !== 'no-arithmetic').length;
    const features = withExtraFeatures(this.featuresOf(prompt), findings.map((finding) => `check:${finding}`), 1, this.model.settings.bucketCount);
    return { features, penalty: -checkPriorPenalty * failed };
  }

  private choose(gains: RunningPercentile, gain: number, weakProbability: number, strongProbability: number, basis: string, features?: HashedFeatures): RoutingChoice {
    // The scarcer model's evidence: at a low share the strong model is seldom tried, at a high share the weak one.
    const strongEvidence = Math.min(this.model.evidence(this.options.strong.modelId), this.model.evidence(this.options.weak.modelId));
    const local = this.options.localExploration;
    const width =
      local !== undefined && features
        ? this.explorationWidth * Math.sqrt(local / (local + this.model.nearbyEvidence(this.options.strong.modelId, features)))
        : this.explorationWidth * 0.5 ** (strongEvidence / this.explorationHalfLife);
    const sampledGain = gain + width * gaussian(this.options.random);
    const threshold = gains.quantile(1 - this.strongShare);
    gains.add(sampledGain);
    let arm: 'weak' | 'strong';
    if (this.strongShare <= 0) arm = 'weak';
    else if (this.strongShare >= 1) arm = 'strong';
    else if (threshold === undefined) arm = this.options.random() < this.strongShare ? 'strong' : 'weak';
    else arm = sampledGain > threshold ? 'strong' : 'weak';
    const reason =
      `${basis} gain of the strong model ${gain.toFixed(3)} (P(ok) ${strongProbability.toFixed(2)} against ${weakProbability.toFixed(2)}), ` +
      (threshold === undefined ? 'no threshold yet' : `threshold ${threshold.toFixed(3)} keeps ${Math.round(this.strongShare * 100)}% strong`);
    return { arm, gain, sampledGain, threshold, weakProbability, strongProbability, reason };
  }

  private query(model: ArmModel, prompt: RoutedPrompt, modelId = model.modelId): SuccessQuery {
    return { modelId, tier: model.tier, kind: prompt.kind, difficulty: prompt.difficulty };
  }
}

/** A standard normal draw (Box–Muller) from a uniform source, so a seeded source gives a repeatable stream. */
function gaussian(random: () => number): number {
  const first = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * random());
}
