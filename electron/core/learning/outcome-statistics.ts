import type { Outcome } from '../../shared/domain.js';
import type { PricingTable } from '../providers/pricing-table.js';
import { judgedSuccess } from './judged-success.js';

export interface ModelKindStatistics {
  modelId: string;
  kind: string;
  count: number;
  successRate: number;
  averageCostUsd: number;
  averageLatencyMs: number;
}

export interface OutcomeStatistics {
  rows: ModelKindStatistics[];
  totalCostUsd: number;
  /** The priciest strong model of the pricing table: what "always the strongest" would have used. */
  strongestModelId: string | null;
  /** The same calls (same input and output tokens) made with that model. */
  costIfStrongestUsd: number;
  savedUsd: number;
}

/**
 * What the outcome log says per model and kind (count, success rate with the person's ratings
 * deciding where given, average cost and latency),
 * and the money saved against sending every call to the strongest model at the same token
 * counts. Failed and cancelled calls count: their cost was paid.
 */
export function outcomeStatistics(outcomes: readonly Outcome[], pricing: PricingTable): OutcomeStatistics {
  const groups = new Map<string, Outcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.modelId}\u0000${outcome.kind}`;
    const group = groups.get(key) ?? [];
    group.push(outcome);
    groups.set(key, group);
  }
  const rows = [...groups.values()]
    .map((group): ModelKindStatistics => {
      const first = group[0] as Outcome;
      const sum = (value: (outcome: Outcome) => number) => group.reduce((total, outcome) => total + value(outcome), 0);
      return {
        modelId: first.modelId,
        kind: first.kind,
        count: group.length,
        successRate: sum((outcome) => (judgedSuccess(outcome) ? 1 : 0)) / group.length,
        averageCostUsd: sum((outcome) => outcome.costUsd) / group.length,
        averageLatencyMs: sum((outcome) => outcome.latencyMs) / group.length,
      };
    })
    .sort((left, right) => left.modelId.localeCompare(right.modelId) || left.kind.localeCompare(right.kind));

  const strongest = strongestModel(pricing);
  const totalCostUsd = outcomes.reduce((total, outcome) => total + outcome.costUsd, 0);
  const costIfStrongestUsd = strongest
    ? outcomes.reduce(
        (total, outcome) => total + (outcome.inputTokens * strongest.inputPerMTok + outcome.outputTokens * strongest.outputPerMTok) / 1_000_000,
        0,
      )
    : totalCostUsd;
  return { rows, totalCostUsd, strongestModelId: strongest?.id ?? null, costIfStrongestUsd, savedUsd: costIfStrongestUsd - totalCostUsd };
}

function strongestModel(pricing: PricingTable): { id: string; inputPerMTok: number; outputPerMTok: number } | undefined {
  let best: { id: string; inputPerMTok: number; outputPerMTok: number } | undefined;
  for (const [provider, models] of Object.entries(pricing)) {
    for (const [name, entry] of Object.entries(models)) {
      if (name === '*' || entry.tier !== 'strong') continue;
      if (!best || entry.outputPerMTok > best.outputPerMTok) best = { id: `${provider}:${name}`, inputPerMTok: entry.inputPerMTok, outputPerMTok: entry.outputPerMTok };
    }
  }
  return best;
}
