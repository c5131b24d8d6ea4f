import type { Plan } from '../../shared/plan.js';
import type { ConductorResult } from './conductor.js';

/** One subtask as `baton ask --json` prints it. */
export interface SubtaskJson {
  id: string;
  kind: string;
  /** The model whose result was kept. */
  model: string | null;
  reason: string | null;
  /** The evaluator's score of the kept result, 0..1. */
  score: number | null;
  escalations: Array<{ from: string; to: string; reason: string; score: number }>;
  costUsd: number;
}

/** The `plan` and `subtasks` fields `baton ask --json` adds to its output. */
export function conductorJsonFields(result: ConductorResult): { plan: Plan; subtasks: SubtaskJson[] } {
  return {
    plan: result.plan,
    subtasks: result.subtasks.map((subtask) => ({
      id: subtask.id,
      kind: subtask.kind,
      model: subtask.modelId,
      reason: subtask.reason,
      score: subtask.score === null ? null : Math.round(subtask.score * 1000) / 1000,
      escalations: subtask.escalations.map((escalation) => ({
        from: escalation.fromModelId,
        to: escalation.toModelId,
        reason: escalation.reason,
        score: Math.round(escalation.score * 1000) / 1000,
      })),
      costUsd: subtask.costUsd,
    })),
  };
}
