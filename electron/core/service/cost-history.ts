import type { CostDay } from '../../shared/api.js';
import type { Outcome } from '../../shared/domain.js';

/**
 * Spending per day (UTC) over the last `days` days, today included, from the recorded outcomes:
 * every model call that finished, kept even after its conversation is deleted. Days without
 * calls are present with zero, so a chart has no gaps.
 */
export function costsPerDay(outcomes: readonly Outcome[], days: number, now = new Date()): { days: CostDay[]; totalUsd: number } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const dayMs = 86_400_000;
  const result = new Map<string, CostDay>();
  for (let index = days - 1; index >= 0; index -= 1) {
    const day = new Date(today - index * dayMs).toISOString().slice(0, 10);
    result.set(day, { day, costUsd: 0, byModel: {}, calls: 0 });
  }
  let totalUsd = 0;
  for (const outcome of outcomes) {
    const entry = result.get(outcome.createdAt.slice(0, 10));
    if (!entry) continue;
    entry.costUsd += outcome.costUsd;
    entry.calls += 1;
    entry.byModel[outcome.modelId] = (entry.byModel[outcome.modelId] ?? 0) + outcome.costUsd;
    totalUsd += outcome.costUsd;
  }
  return { days: [...result.values()], totalUsd };
}
