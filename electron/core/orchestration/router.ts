import type { RouteCandidate } from '../../shared/events.js';
import type { ModelTier, TaskKind } from '../../shared/plan.js';
import type { HashedFeatures } from '../learning/prompt-features.js';
import type { SuccessEstimator } from '../learning/success-estimator.js';
import { costUsd } from '../providers/pricing-table.js';
import type { ConductorSettings } from './conductor-settings.js';
import { compareStrength, type PoolCandidate } from './model-pool.js';
import type { OfflineStatus } from './offline-state.js';
import type { PrivacyFindings } from './privacy-inspector.js';

/** What is being placed. */
export interface RouteQuery {
  kind: TaskKind;
  difficulty: number;
  /** Estimated tokens of what must be sent (instruction, inputs, documents; history can be fitted). */
  inputTokens: number;
  /** Estimated tokens of the instruction alone: the least that must fit when nothing fits whole. */
  minimumInputTokens: number;
  answerTokens: number;
  privacy: PrivacyFindings;
  /** Models that must not be chosen, with the reason (already tried, failed in this run). */
  excluded?: Map<string, string>;
  /** Only on-device models (after a refusal of consent, a privacy block, a network failure). */
  onDeviceOnly?: string;
  /** The instruction as hashed features, so a learning estimator can tell prompts of one kind apart. */
  features?: HashedFeatures;
}

/** The state of the world the filters look at. */
export interface RouteConditions {
  settings: ConductorSettings;
  offline: OfflineStatus;
  /** null: no daily budget. */
  budgetLeftUsd: number | null;
  /** False when no cloud boundary is configured: nothing may go to a model off this machine. */
  cloudBoundary: boolean;
}

export interface ScoredCandidate extends RouteCandidate {
  candidate: PoolCandidate;
}

export interface RouteDecision {
  candidate: PoolCandidate;
  reason: string;
  score: number;
  candidates: ScoredCandidate[];
  /** True when no model holds the whole input and the context must be shortened for this one. */
  mustShorten: boolean;
}

/** Latency priors per tier: time to the first token and tokens per second. */
const latencyPrior: Record<ModelTier, { firstTokenMs: number; tokensPerSecond: number }> = {
  local: { firstTokenMs: 300, tokensPerSecond: 25 },
  cheap: { firstTokenMs: 700, tokensPerSecond: 100 },
  strong: { firstTokenMs: 1500, tokensPerSecond: 60 },
};

/** How much of a subtask's answer room a model is expected to use. */
const expectedAnswerShare = 0.5;
/** The value of a success lost per second of waiting, as a share of that value. */
const latencyWeightPerSecond = 0.005;
/** The prefer-local bonus, as a share of the value of a success. */
const preferLocalBonus = 0.35;

/**
 * The dollar value of a successful subtask that the quality-to-cost slider stands for:
 * 0 → $0.0005, 0.5 → $0.05, 1 → $5 (log scale). Utility = P(success) × value − cost − waiting.
 */
export function successValueUsd(qualityCostPreference: number): number {
  return 0.0005 * 10 ** (4 * qualityCostPreference);
}

/** Where the router's line between an on-device model and a dearer one lies at the current settings. */
export interface RoutingThreshold {
  qualityCostPreference: number;
  preferLocal: boolean;
  /** What a good answer is worth against money (successValueUsd). */
  successValueUsd: number;
  /** The lead in P(success) a model off the device needs over an on-device one before cost: the prefer-local bonus. */
  onDeviceLead: number;
  /** The further lead in P(success) each $0.001 of extra cost asks for. */
  leadPerMilliDollar: number;
}

export function routingThreshold(settings: { qualityCostPreference: number; preferLocal: boolean }): RoutingThreshold {
  const value = successValueUsd(settings.qualityCostPreference);
  return {
    qualityCostPreference: settings.qualityCostPreference,
    preferLocal: settings.preferLocal,
    successValueUsd: value,
    onDeviceLead: settings.preferLocal ? preferLocalBonus : 0,
    leadPerMilliDollar: 0.001 / value,
  };
}

/**
 * Chooses a model for a subtask. First the filters, each leaving a reason a person can read:
 * availability (missing key), a configured cloud boundary, offline, privacy (raw personal data
 * or a sensitive topic stays on-device unless `sensitiveDataInCloud` allows it redacted),
 * budget left today, and the context window (input plus answer room). Then, among the rest,
 * the highest expected utility:
 *
 *   P(success | model, kind, difficulty) × value(slider) − estimated cost − value × 0.5% per second of expected latency
 *   (+ 35% of the value for on-device models when "prefer local" is on)
 */
export class Router {
  constructor(private readonly estimator: SuccessEstimator) {}

  score(pool: PoolCandidate[], query: RouteQuery, conditions: RouteConditions): { scored: ScoredCandidate[]; mustShorten: boolean } {
    const value = successValueUsd(conditions.settings.qualityCostPreference);
    const score = (candidate: PoolCandidate, inputTokens: number): ScoredCandidate => {
      const { descriptor, tier } = candidate;
      const estimate = this.estimator.estimate({
        modelId: descriptor.id,
        tier,
        kind: query.kind,
        difficulty: query.difficulty,
        ...(query.features ? { features: query.features } : {}),
      });
      const outputTokens = Math.round(query.answerTokens * expectedAnswerShare);
      const estimatedCostUsd = costUsd(descriptor.pricing, { inputTokens, outputTokens });
      const latency = latencyPrior[tier];
      const estimatedLatencyMs = Math.round(latency.firstTokenMs + (outputTokens / latency.tokensPerSecond) * 1000);
      const onDevice = descriptor.locality === 'on-device';
      const utility =
        estimate.probability * value -
        estimatedCostUsd -
        value * latencyWeightPerSecond * (estimatedLatencyMs / 1000) +
        (onDevice && conditions.settings.preferLocal ? value * preferLocalBonus : 0);
      const excludedBecause = this.exclusion(candidate, query, conditions, inputTokens, estimatedCostUsd);
      return {
        candidate,
        modelId: descriptor.id,
        tier,
        locality: descriptor.locality,
        eligible: excludedBecause === undefined,
        ...(excludedBecause === undefined ? {} : { excludedBecause }),
        successProbability: round(estimate.probability, 3),
        estimatedCostUsd,
        estimatedLatencyMs,
        score: round(utility / value, 4),
      };
    };
    let scored = pool.map((candidate) => score(candidate, query.inputTokens));
    let mustShorten = false;
    if (!scored.some((entry) => entry.eligible)) {
      // Nothing holds the whole input: look again with the least that must fit; the context is
      // then shortened for the chosen model (and the run says so).
      const relaxed = pool.map((candidate) => score(candidate, query.minimumInputTokens));
      if (relaxed.some((entry) => entry.eligible)) {
        scored = relaxed;
        mustShorten = true;
      }
    }
    scored.sort((left, right) => Number(right.eligible) - Number(left.eligible) || right.score - left.score);
    return { scored, mustShorten };
  }

  /** The best eligible model with its reason, or undefined (with every exclusion in `scored`). */
  route(pool: PoolCandidate[], query: RouteQuery, conditions: RouteConditions): RouteDecision | { scored: ScoredCandidate[]; reason: string } {
    const { scored, mustShorten } = this.score(pool, query, conditions);
    const [best, ...rest] = scored;
    if (!best || !best.eligible) {
      return { scored, reason: `no model can take this subtask: ${describeExclusions(scored) || 'no models are configured'}` };
    }
    return { candidate: best.candidate, reason: explain(best, rest, query, conditions, mustShorten), score: best.score, candidates: scored, mustShorten };
  }

  /**
   * The next rung for a result under its bar: the weakest eligible model stronger than the
   * current one (a larger local model, then cheap cloud, then strong cloud).
   */
  escalate(pool: PoolCandidate[], current: PoolCandidate, query: RouteQuery, conditions: RouteConditions): RouteDecision | undefined {
    const { scored, mustShorten } = this.score(pool, query, conditions);
    const stronger = scored
      .filter((entry) => entry.eligible && compareStrength(entry.candidate, current) > 0)
      .sort((left, right) => compareStrength(left.candidate, right.candidate) || right.score - left.score);
    const next = stronger[0];
    if (!next) return undefined;
    const reason = `one tier up from ${current.descriptor.id}: ${next.modelId} (${next.tier}${next.locality === 'on-device' ? ', on-device' : ''}), P(success) ${next.successProbability.toFixed(2)}, ~${formatUsd(next.estimatedCostUsd)}`;
    return { candidate: next.candidate, reason, score: next.score, candidates: scored, mustShorten };
  }

  private exclusion(
    candidate: PoolCandidate,
    query: RouteQuery,
    conditions: RouteConditions,
    inputTokens: number,
    estimatedCostUsd: number,
  ): string | undefined {
    const { descriptor } = candidate;
    const onDevice = descriptor.locality === 'on-device';
    const excluded = query.excluded?.get(descriptor.id);
    if (excluded) return excluded;
    if (!candidate.available) return candidate.unavailableReason ?? 'not available';
    if (!onDevice) {
      if (query.onDeviceOnly) return query.onDeviceOnly;
      if (!conditions.cloudBoundary) return 'no cloud boundary (privacy shield) is configured, so nothing may leave this machine';
      if (conditions.offline.offline) return `offline: ${conditions.offline.reason}`;
      // Detected values may leave only redacted (the boundary does that, after consent); a text on
      // a sensitive topic stays on-device unless the person names a cloud model for it.
      if (conditions.settings.sensitiveDataInCloud === 'never' && query.privacy.hasSensitiveValues) {
        return 'the text holds personal or secret data, which stays on-device';
      }
      if (query.privacy.sensitiveTopics.length > 0) {
        return `the text is on a sensitive topic (${query.privacy.sensitiveTopics.join(', ')}), which stays on-device`;
      }
      if (conditions.budgetLeftUsd !== null && estimatedCostUsd > 0) {
        if (conditions.budgetLeftUsd <= 0) return "today's budget is used up";
        if (estimatedCostUsd > conditions.budgetLeftUsd) {
          return `its estimated cost (${formatUsd(estimatedCostUsd)}) is more than what is left of today's budget (${formatUsd(conditions.budgetLeftUsd)})`;
        }
      }
    }
    const needed = inputTokens + Math.min(query.answerTokens, Math.floor(descriptor.contextWindow / 2));
    if (needed > descriptor.contextWindow) {
      return `the input (~${inputTokens} tokens) and room for the answer do not fit its context window (${descriptor.contextWindow})`;
    }
    return undefined;
  }
}

function explain(best: ScoredCandidate, rest: ScoredCandidate[], query: RouteQuery, conditions: RouteConditions, mustShorten: boolean): string {
  const where = best.locality === 'on-device' ? 'on-device, nothing leaves this machine' : `${best.tier} cloud model`;
  const parts = [
    `${best.modelId} (${where}): best expected value for ${query.kind} at difficulty ${query.difficulty}`,
    `P(success) ${best.successProbability.toFixed(2)}, ~${formatUsd(best.estimatedCostUsd)}, ~${(best.estimatedLatencyMs / 1000).toFixed(1)} s`,
  ];
  const runnerUp = rest.find((entry) => entry.eligible);
  if (runnerUp) parts.push(`next best ${runnerUp.modelId} scored ${runnerUp.score.toFixed(2)} against ${best.score.toFixed(2)}`);
  if (best.locality === 'on-device' && conditions.settings.preferLocal) parts.push('prefer local is on');
  const exclusions = describeExclusions(rest);
  if (exclusions) parts.push(`left out: ${exclusions}`);
  if (mustShorten) parts.push('no model holds the whole input, so it is shortened');
  return parts.join('; ');
}

function describeExclusions(scored: ScoredCandidate[]): string {
  const groups = new Map<string, string[]>();
  for (const entry of scored) {
    if (entry.eligible || !entry.excludedBecause) continue;
    groups.set(entry.excludedBecause, [...(groups.get(entry.excludedBecause) ?? []), entry.modelId]);
  }
  return [...groups.entries()].map(([why, models]) => `${models.join(', ')} (${why})`).join('; ');
}

export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (value < 0.0001) return `$${value.toExponential(1)}`;
  return `$${value.toFixed(value < 0.01 ? 4 : 2)}`;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
