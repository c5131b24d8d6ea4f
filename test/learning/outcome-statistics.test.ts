import { describe, expect, it } from 'vitest';
import { outcomeStatistics } from '../../electron/core/learning/outcome-statistics.js';
import type { Outcome } from '../../electron/shared/domain.js';
import type { PricingTable } from '../../electron/core/providers/pricing-table.js';

const pricing: PricingTable = {
  anthropic: {
    'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5, contextWindow: 200_000, tier: 'cheap' },
    'claude-opus-4-6': { inputPerMTok: 5, outputPerMTok: 25, contextWindow: 200_000, tier: 'strong' },
    '*': { inputPerMTok: 100, outputPerMTok: 100, contextWindow: 200_000, tier: 'strong' },
  },
  openai: { 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, contextWindow: 128_000, tier: 'strong' } },
};

function outcome(modelId: string, kind: string, success: boolean, costUsd: number, latencyMs: number, inputTokens: number, outputTokens: number): Outcome {
  return { id: `${modelId}-${kind}-${latencyMs}`, subtaskId: null, modelId, kind, difficulty: 2, score: null, success, userFeedback: null, inputTokens, outputTokens, latencyMs, costUsd, createdAt: '2026-12-01T10:00:00.000Z' };
}

describe('outcome statistics', () => {
  it('per model and kind, and the money saved against the strongest model at the same token counts', () => {
    const statistics = outcomeStatistics(
      [
        outcome('local:qwen', 'creative', true, 0, 800, 1000, 200),
        outcome('local:qwen', 'creative', false, 0, 1200, 1000, 200),
        outcome('anthropic:claude-haiku-4-5', 'code', true, 0.002, 3000, 1000, 200),
      ],
      pricing,
    );
    expect(statistics.rows).toEqual([
      { modelId: 'anthropic:claude-haiku-4-5', kind: 'code', count: 1, successRate: 1, averageCostUsd: 0.002, averageLatencyMs: 3000 },
      { modelId: 'local:qwen', kind: 'creative', count: 2, successRate: 0.5, averageCostUsd: 0, averageLatencyMs: 1000 },
    ]);
    // Opus ($5 in, $25 out per million): each call 1000 × 5 + 200 × 25 = 10,000 millionths of a dollar.
    expect(statistics.strongestModelId).toBe('anthropic:claude-opus-4-6');
    expect(statistics.costIfStrongestUsd).toBeCloseTo(0.03, 10);
    expect(statistics.totalCostUsd).toBeCloseTo(0.002, 10);
    expect(statistics.savedUsd).toBeCloseTo(0.028, 10);
  });

  it('no outcomes: nothing spent, nothing saved', () => {
    expect(outcomeStatistics([], pricing)).toEqual({ rows: [], totalCostUsd: 0, strongestModelId: 'anthropic:claude-opus-4-6', costIfStrongestUsd: 0, savedUsd: 0 });
  });
});
