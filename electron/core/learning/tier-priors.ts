import type { ModelTier, TaskKind } from '../../shared/plan.js';
import type { SuccessEstimate, SuccessEstimator, SuccessQuery } from './success-estimator.js';

/**
 * P(success) by tier and difficulty 1..5 before anything is learned: rough, deliberately
 * modest figures for a small local model, a cheap cloud model and a strong cloud model.
 */
const baseByTier: Record<ModelTier, readonly number[]> = {
  local: [0.9, 0.78, 0.58, 0.38, 0.2],
  cheap: [0.97, 0.92, 0.82, 0.66, 0.48],
  strong: [0.99, 0.97, 0.92, 0.85, 0.74],
};

/** How much harder (negative) or easier a kind is than average, for the weakest tier. */
const kindAdjustment: Record<TaskKind, number> = {
  code: -0.1,
  math: -0.14,
  reasoning: -0.1,
  writing: 0,
  summarize: 0.02,
  extract: 0,
  translate: -0.05,
  classify: 0.03,
  chat: 0.05,
};

/** Stronger tiers feel the kind less: a strong model is good at math too. */
const kindWeightByTier: Record<ModelTier, number> = { local: 1, cheap: 0.6, strong: 0.3 };

export function tierPrior(tier: ModelTier, kind: TaskKind, difficulty: number): number {
  const index = Math.min(4, Math.max(0, Math.round(difficulty) - 1));
  const base = baseByTier[tier][index] ?? 0.5;
  return clampProbability(base + kindAdjustment[kind] * kindWeightByTier[tier]);
}

export class TierPriorEstimator implements SuccessEstimator {
  estimate(query: SuccessQuery): SuccessEstimate {
    return { probability: tierPrior(query.tier, query.kind, query.difficulty), basis: `${query.tier}-tier prior` };
  }
}

export function clampProbability(value: number): number {
  return Math.min(0.995, Math.max(0.01, value));
}
