/**
 * What a person (or the lead's settings schema) can set about the conductor. The lead maps these
 * into settings.ts; until then the conductor takes them whole or in part, with these defaults.
 */
export interface ConductorSettings {
  /**
   * The one quality-to-cost slider, 0..1: 0 spends as little as possible, 1 pays for the best
   * model. It sets the dollar value of a successful subtask the router weighs against cost.
   */
  qualityCostPreference: number;
  /** Give on-device models a bonus when they are close: privacy and no cost over a few points of quality. */
  preferLocal: boolean;
  /** US dollars per local calendar day across all runs; null means no limit. Over it: local only. */
  dailyBudgetUsd: number | null;
  /** The person's offline switch: nothing leaves the machine. (Baton also goes offline on its own when the network fails.) */
  offline: boolean;
  /** How long an automatic offline state lasts before cloud models are tried again. */
  offlineRecheckMs: number;
  /**
   * Model calls in flight at once per provider (`local`, `anthropic`, `openai`, `compatible`);
   * `*` for providers not named. Local calls run as parallel sequences of one context, so
   * `local` should match the local provider's sequences.
   */
  perProviderConcurrency: Record<string, number>;
  /** Limit of one model call of one subtask; past it the call is cancelled and another model tries. */
  subtaskTimeoutMs: number;
  /** A plan with more subtasks than this falls back to one subtask. */
  maxSubtasks: number;
  /** The planner model; empty: the strongest local model (nothing leaves the machine to plan). */
  plannerModelId: string;
  /** A judge model that scores results with a rubric; empty: heuristics only. */
  judgeModelId: string;
  /** The judge is asked only for subtasks at least this hard (it costs a call). */
  judgeMinDifficulty: number;
  /** Hops one tier up for a result under its bar (local → cheap cloud → strong cloud). */
  maxEscalations: number;
  /** Retries of a retryable error (429, 5xx, timeout) on the same model, with exponential backoff. */
  maxRetries: number;
  retryBaseDelayMs: number;
  /**
   * A rate limit that lifts later than this is not waited for: the provider is paused until then,
   * another eligible model answers, or the error says when the limit lifts.
   */
  rateLimitMaxWaitMs: number;
  /**
   * Whether the router may send a subtask whose text holds detected personal data to the cloud
   * (redacted, with consent, through the cloud boundary): 'never' keeps it on-device. A text on a
   * sensitive topic stays on-device either way unless the person names a cloud model for it.
   */
  sensitiveDataInCloud: 'never' | 'redacted';
  /** The fast path (no planner call) takes requests up to this many characters. */
  fastPathMaxCharacters: number;
  /** Output tokens a subtask's answer may use (also the room kept free in the context window). */
  answerTokens: number;
  /** Put before every model call's messages; empty for none. */
  systemPrompt: string;
}

export const defaultConductorSettings: ConductorSettings = {
  qualityCostPreference: 0.5,
  preferLocal: true,
  dailyBudgetUsd: 1,
  offline: false,
  offlineRecheckMs: 60_000,
  perProviderConcurrency: { local: 4, '*': 4 },
  subtaskTimeoutMs: 120_000,
  maxSubtasks: 6,
  plannerModelId: '',
  judgeModelId: '',
  judgeMinDifficulty: 3,
  maxEscalations: 2,
  maxRetries: 2,
  retryBaseDelayMs: 500,
  rateLimitMaxWaitMs: 30_000,
  sensitiveDataInCloud: 'never',
  fastPathMaxCharacters: 280,
  answerTokens: 1024,
  systemPrompt: '',
};

/** The defaults with the given values laid over them, clamped to sensible ranges. */
export function resolveConductorSettings(partial: Partial<ConductorSettings> = {}): ConductorSettings {
  const merged: ConductorSettings = {
    ...defaultConductorSettings,
    ...partial,
    perProviderConcurrency: { ...defaultConductorSettings.perProviderConcurrency, ...partial.perProviderConcurrency },
  };
  return {
    ...merged,
    qualityCostPreference: clamp(merged.qualityCostPreference, 0, 1),
    maxSubtasks: Math.max(1, Math.round(merged.maxSubtasks)),
    maxEscalations: clamp(Math.round(merged.maxEscalations), 0, 2),
    maxRetries: Math.max(0, Math.round(merged.maxRetries)),
    judgeMinDifficulty: clamp(Math.round(merged.judgeMinDifficulty), 1, 5),
    answerTokens: Math.max(16, Math.round(merged.answerTokens)),
    dailyBudgetUsd: merged.dailyBudgetUsd === null ? null : Math.max(0, merged.dailyBudgetUsd),
  };
}

/** The concurrency limit of one provider: its own entry, else `*`, else 1. */
export function concurrencyLimitOf(settings: ConductorSettings, provider: string): number {
  return Math.max(1, Math.round(settings.perProviderConcurrency[provider] ?? settings.perProviderConcurrency['*'] ?? 1));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
