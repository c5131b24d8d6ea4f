import type { CostDay } from '../../shared/api.js';
import type { Outcome } from '../../shared/domain.js';

const dayMs = 86_400_000;

/**
 * Spending per day (UTC) over the last `days` days, today included, from the recorded outcomes:
 * every model call that finished, kept even after its conversation is deleted. Days without
 * calls are present with zero, so a chart has no gaps.
 */
export function costsPerDay(outcomes: readonly Outcome[], days: number, now = new Date()): { days: CostDay[]; totalUsd: number } {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
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

/** Where the last `days` days (UTC) begin, today included: the ISO time of the first one's midnight. */
export function firstDayStart(days: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - (days - 1) * dayMs).toISOString();
}

/** The requests that came through the gateway (runs whose source is `gateway: CLIENT`), summed over every client. */
export function gatewaySpending(bySource: ReadonlyArray<{ source: string; runs: number; costUsd: number }>): { requests: number; costUsd: number } {
  const gateway = bySource.filter((entry) => entry.source.startsWith('gateway:'));
  return { requests: gateway.reduce((total, entry) => total + entry.runs, 0), costUsd: gateway.reduce((total, entry) => total + entry.costUsd, 0) };
}
