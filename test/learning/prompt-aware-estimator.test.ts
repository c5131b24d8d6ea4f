import { afterEach, describe, expect, it } from 'vitest';
import { LearnedSuccessEstimator, OutcomeLog } from '../../electron/core/learning/outcome-log.js';
import { PromptAwareSuccessEstimator } from '../../electron/core/learning/prompt-aware-estimator.js';
import { hashPromptFeatures } from '../../electron/core/learning/prompt-features.js';
import { resolveConductorSettings } from '../../electron/core/orchestration/conductor-settings.js';
import type { PoolCandidate } from '../../electron/core/orchestration/model-pool.js';
import { Router, type RouteConditions, type RouteQuery } from '../../electron/core/orchestration/router.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { ModelTier, TaskKind } from '../../electron/shared/plan.js';

let database: BatonDatabase;
afterEach(() => database?.close());

function candidate(id: string, tier: ModelTier): PoolCandidate {
  const [inputPerMTok, outputPerMTok] = tier === 'local' ? [0, 0] : tier === 'cheap' ? [0.15, 0.6] : [3, 15];
  return {
    descriptor: { id, provider: id.split(':')[0]!, name: id.split(':')[1]!, displayName: id, locality: tier === 'local' ? 'on-device' : 'cloud', contextWindow: 200_000, pricing: { inputPerMTok, outputPerMTok } },
    tier,
    strength: outputPerMTok,
    available: true,
  };
}

const pool = [candidate('local:qwen', 'local'), candidate('openai:mini', 'cheap'), candidate('anthropic:sonnet', 'strong')];
const conditions: RouteConditions = {
  settings: resolveConductorSettings({ dailyBudgetUsd: null }),
  offline: { offline: false, source: null, reason: null },
  budgetLeftUsd: null,
  cloudBoundary: true,
};

function query(text: string, kind: TaskKind, difficulty: number): RouteQuery {
  return { kind, difficulty, inputTokens: 200, minimumInputTokens: 50, answerTokens: 1024, privacy: { hasSensitiveValues: false, sensitiveTopics: [] }, features: hashPromptFeatures(text) };
}

function setup() {
  database = openDatabase(':memory:');
  const estimator = new PromptAwareSuccessEstimator(new LearnedSuccessEstimator(new OutcomeLog(database)));
  const router = new Router(estimator);
  /** Routes a prompt (so the estimator sees the tier), then records the local model's outcome on it as the conductor does. */
  const localOutcome = (text: string, kind: TaskKind, difficulty: number, success: boolean) => {
    router.score(pool, query(text, kind, difficulty), conditions);
    const outcome = database.outcomes.record({ modelId: 'local:qwen', kind, difficulty, success, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });
    estimator.observe(outcome, hashPromptFeatures(text));
  };
  const localProbability = (text: string, kind: TaskKind, difficulty: number) =>
    estimator.estimate({ modelId: 'local:qwen', tier: 'local', kind, difficulty, features: hashPromptFeatures(text) }).probability;
  const chosen = (text: string, kind: TaskKind, difficulty: number) => {
    const decision = router.route(pool, query(text, kind, difficulty), conditions);
    return 'candidate' in decision ? decision.candidate.descriptor.id : undefined;
  };
  return { localOutcome, localProbability, chosen };
}

describe('prompt-aware estimator in the conductor\'s router', () => {
  it('does not send a trivial prompt to the cloud after a few unrelated local failures', () => {
    const { localOutcome, localProbability, chosen } = setup();
    const haiku = 'Write a haiku about rain.';
    expect(chosen(haiku, 'writing', 1)).toBe('local:qwen');
    const before = localProbability(haiku, 'writing', 1);
    localOutcome('Implement a lock-free hash map in Rust with epoch-based reclamation', 'code', 4, false);
    localOutcome('Refactor this TypeScript module into smaller files and keep the tests passing', 'code', 4, false);
    localOutcome('Prove that the halting problem is undecidable', 'reasoning', 5, false);
    expect(chosen(haiku, 'writing', 1)).toBe('local:qwen');
    expect(Math.abs(localProbability(haiku, 'writing', 1) - before)).toBeLessThan(0.03);
  });

  it('lowers the local estimate for prompts like those it failed on, more than for others of the same kind', () => {
    const { localOutcome, localProbability } = setup();
    const taxQuestions = ['capital gains tax on shares sold abroad', 'tax on foreign dividends and withholding', 'tax treaty rules for capital gains'];
    for (let round = 0; round < 10; round += 1) {
      for (const question of taxQuestions) localOutcome(`Explain the ${question}`, 'reasoning', 2, false);
      localOutcome('Explain why the sky is blue', 'reasoning', 2, true);
    }
    const tax = localProbability('Explain the capital gains tax on foreign shares', 'reasoning', 2);
    const sky = localProbability('Explain why the sky is blue at noon', 'reasoning', 2);
    expect(sky - tax).toBeGreaterThan(0.1);
  });
});
