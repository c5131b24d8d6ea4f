import { describe, expect, it } from 'vitest';
import type { ModelTier } from '../../electron/shared/plan.js';
import { TierPriorEstimator } from '../../electron/core/learning/tier-priors.js';
import { resolveConductorSettings, type ConductorSettings } from '../../electron/core/orchestration/conductor-settings.js';
import type { PoolCandidate } from '../../electron/core/orchestration/model-pool.js';
import { failClosedInspector, inspectorFromAnalyzer } from '../../electron/core/orchestration/privacy-inspector.js';
import { Router, successValueUsd, type RouteConditions, type RouteQuery } from '../../electron/core/orchestration/router.js';

function candidate(id: string, tier: ModelTier, options: Partial<{ price: [number, number]; window: number; available: boolean; reason: string; strength: number }> = {}): PoolCandidate {
  const [inputPerMTok, outputPerMTok] = options.price ?? (tier === 'local' ? [0, 0] : tier === 'cheap' ? [0.15, 0.6] : [3, 15]);
  return {
    descriptor: {
      id,
      provider: id.split(':')[0]!,
      name: id.split(':')[1]!,
      displayName: id,
      locality: tier === 'local' ? 'on-device' : 'cloud',
      contextWindow: options.window ?? (tier === 'local' ? 8192 : 200_000),
      pricing: { inputPerMTok, outputPerMTok },
    },
    tier,
    strength: options.strength ?? outputPerMTok,
    available: options.available ?? true,
    ...(options.reason ? { unavailableReason: options.reason } : {}),
  };
}

const pool = [candidate('local:qwen', 'local'), candidate('openai:mini', 'cheap'), candidate('anthropic:sonnet', 'strong')];

function query(overrides: Partial<RouteQuery> = {}): RouteQuery {
  return {
    kind: 'chat',
    difficulty: 1,
    inputTokens: 200,
    minimumInputTokens: 50,
    answerTokens: 1024,
    privacy: { hasSensitiveValues: false, sensitiveTopics: [] },
    ...overrides,
  };
}

function conditions(settings: Partial<ConductorSettings> = {}, overrides: Partial<RouteConditions> = {}): RouteConditions {
  return {
    settings: resolveConductorSettings({ dailyBudgetUsd: null, ...settings }),
    offline: { offline: false, source: null, reason: null },
    budgetLeftUsd: null,
    cloudBoundary: true,
    ...overrides,
  };
}

const router = new Router(new TierPriorEstimator());

function chosen(routeQuery: RouteQuery, routeConditions: RouteConditions, candidates = pool): string | undefined {
  const decision = router.route(candidates, routeQuery, routeConditions);
  return 'candidate' in decision ? decision.candidate.descriptor.id : undefined;
}

describe('router: expected utility', () => {
  it.each([
    ['an easy chat, defaults (prefer local)', query(), {}, 'local:qwen'],
    ['an easy chat without the local bonus', query(), { preferLocal: false }, 'openai:mini'],
    ['hard code, defaults', query({ kind: 'code', difficulty: 5 }), {}, 'anthropic:sonnet'],
    ['hard code, cheapest', query({ kind: 'code', difficulty: 5 }), { qualityCostPreference: 0 }, 'local:qwen'],
    ['moderate reasoning, quality first', query({ kind: 'reasoning', difficulty: 3 }), { qualityCostPreference: 1, preferLocal: false }, 'anthropic:sonnet'],
    ['moderate writing, defaults', query({ kind: 'writing', difficulty: 3 }), {}, 'local:qwen'],
  ])('%s → %s', (_name, routeQuery, settings, expected) => {
    expect(chosen(routeQuery, conditions(settings))).toBe(expected);
  });

  it('the slider maps to the value of a success on a log scale', () => {
    expect(successValueUsd(0)).toBeCloseTo(0.0005);
    expect(successValueUsd(0.5)).toBeCloseTo(0.05);
    expect(successValueUsd(1)).toBeCloseTo(5);
  });

  it('gives a readable reason and scores every candidate', () => {
    const decision = router.route(pool, query({ privacy: { hasSensitiveValues: true, sensitiveTopics: [] } }), conditions({ preferLocal: true }));
    if (!('candidate' in decision)) throw new Error('expected a decision');
    expect(decision.reason).toMatch(/^local:qwen \(on-device, nothing leaves this machine\): best expected value for chat at difficulty 1; P\(success\) 0\.95/);
    expect(decision.reason).toContain('left out: openai:mini, anthropic:sonnet (the text holds personal or secret data, which stays on-device)');
    expect(decision.candidates.map((entry) => [entry.modelId, entry.eligible])).toEqual([
      ['local:qwen', true],
      ['openai:mini', false],
      ['anthropic:sonnet', false],
    ]);
    expect(decision.candidates[1]).toMatchObject({ successProbability: expect.any(Number), estimatedCostUsd: expect.any(Number), estimatedLatencyMs: expect.any(Number) });
  });
});

describe('router: filters', () => {
  const cloudFirst = { qualityCostPreference: 1, preferLocal: false };
  it.each([
    ['raw personal data', query({ privacy: { hasSensitiveValues: true, sensitiveTopics: [] } }), conditions(cloudFirst), 'local:qwen', 'personal or secret data'],
    ['a sensitive topic', query({ privacy: { hasSensitiveValues: false, sensitiveTopics: ['health'] } }), conditions(cloudFirst), 'local:qwen', 'sensitive topic (health)'],
    ['offline', query(), conditions(cloudFirst, { offline: { offline: true, source: 'setting', reason: 'set to offline' } }), 'local:qwen', 'offline: set to offline'],
    ['no boundary', query(), conditions(cloudFirst, { cloudBoundary: false }), 'local:qwen', 'no cloud boundary'],
    ['budget used up', query(), conditions(cloudFirst, { budgetLeftUsd: 0 }), 'local:qwen', "today's budget is used up"],
    ['budget too small for the estimate', query({ inputTokens: 5000 }), conditions(cloudFirst, { budgetLeftUsd: 0.01 }), 'openai:mini', 'more than what is left'],
    ['an on-device-only fallback', query({ onDeviceOnly: 'the person did not allow it' }), conditions(cloudFirst), 'local:qwen', 'the person did not allow it'],
  ])('%s', (_name, routeQuery, routeConditions, expected, because) => {
    const { scored } = router.score(pool, routeQuery, routeConditions);
    expect(chosen(routeQuery, routeConditions)).toBe(expected);
    expect(scored.filter((entry) => !entry.eligible).map((entry) => entry.excludedBecause).join(' | ')).toContain(because);
  });

  it('allows redacted personal data to the cloud when the setting says so', () => {
    const routeQuery = query({ privacy: { hasSensitiveValues: true, sensitiveTopics: [] } });
    expect(chosen(routeQuery, conditions({ qualityCostPreference: 1, preferLocal: false, sensitiveDataInCloud: 'redacted' }))).not.toBe('local:qwen');
  });

  it('keeps a sensitive topic on-device even when redacted personal data may go', () => {
    const routeQuery = query({ privacy: { hasSensitiveValues: true, sensitiveTopics: ['finance'] } });
    expect(chosen(routeQuery, conditions({ qualityCostPreference: 1, preferLocal: false, sensitiveDataInCloud: 'redacted' }))).toBe('local:qwen');
    const { scored } = router.score([candidate('openai:mini', 'cheap')], routeQuery, conditions({ sensitiveDataInCloud: 'redacted' }));
    expect(scored[0]?.excludedBecause).toBe('the text is on a sensitive topic (finance), which stays on-device');
  });

  it('leaves out unavailable models with their reason (a missing key)', () => {
    const candidates = [candidate('local:qwen', 'local'), candidate('openai:mini', 'cheap', { available: false, reason: 'No OpenAI API key' })];
    const { scored } = router.score(candidates, query(), conditions({ preferLocal: false }));
    expect(scored.find((entry) => entry.modelId === 'openai:mini')?.excludedBecause).toBe('No OpenAI API key');
  });

  it('needs the input plus answer room to fit the context window, and relaxes to the instruction when nothing fits', () => {
    const small = [candidate('local:tiny', 'local', { window: 2048 }), candidate('openai:mini', 'cheap')];
    expect(chosen(query({ inputTokens: 5000 }), conditions(), small)).toBe('openai:mini');
    const decision = router.route([candidate('local:tiny', 'local', { window: 2048 })], query({ inputTokens: 5000 }), conditions());
    expect('candidate' in decision && decision.mustShorten).toBe(true);
    expect(router.route([candidate('local:tiny', 'local', { window: 512 })], query({ inputTokens: 5000, minimumInputTokens: 900 }), conditions())).toMatchObject({
      reason: expect.stringContaining('do not fit its context window (512)'),
    });
  });
});

describe('router: escalation ladder', () => {
  const ladder = [
    candidate('local:small', 'local', { strength: 1 }),
    candidate('local:large', 'local', { strength: 5 }),
    candidate('openai:mini', 'cheap'),
    candidate('anthropic:haiku', 'cheap', { price: [1, 5] }),
    candidate('anthropic:sonnet', 'strong'),
  ];
  const next = (from: string, routeQuery = query(), routeConditions = conditions()) =>
    router.escalate(ladder, ladder.find((entry) => entry.descriptor.id === from)!, routeQuery, routeConditions)?.candidate.descriptor.id;

  it.each([
    ['local:small', 'local:large'],
    ['local:large', 'openai:mini'],
    ['openai:mini', 'anthropic:haiku'],
    ['anthropic:haiku', 'anthropic:sonnet'],
    ['anthropic:sonnet', undefined],
  ])('%s → %s', (from, to) => {
    expect(next(from)).toBe(to);
  });

  it('stays on-device for private data', () => {
    expect(next('local:large', query({ privacy: { hasSensitiveValues: true, sensitiveTopics: [] } }))).toBeUndefined();
  });
});

describe('privacy inspectors', () => {
  it("adapt the shield's analyzer: spans are sensitive values, a sensitive level brings its topics", async () => {
    const inspector = inspectorFromAnalyzer({
      analyze: async (text) => ({
        spans: text.includes('@') ? [{ type: 'EMAIL', start: 0, end: 3, score: 1, source: 'email' }] : [],
        sensitivity: text.includes('doctor') ? { level: 'sensitive', topics: ['health'] } : { level: 'none', topics: [] },
        nerAvailable: true,
        warnings: [],
      }),
    });
    expect(await inspector.inspect('a@b.c')).toEqual({ hasSensitiveValues: true, sensitiveTopics: [] });
    expect(await inspector.inspect('my doctor said')).toEqual({ hasSensitiveValues: false, sensitiveTopics: ['health'] });
  });

  it('without a shield, everything counts as sensitive', async () => {
    expect((await failClosedInspector.inspect('hello')).hasSensitiveValues).toBe(true);
  });
});
