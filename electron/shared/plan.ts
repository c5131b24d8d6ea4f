/** The fixed taxonomy of subtask kinds; outcomes are learned per kind. */
export const taskKinds = ['code', 'math', 'reasoning', 'writing', 'summarize', 'extract', 'translate', 'classify', 'chat'] as const;

export type TaskKind = (typeof taskKinds)[number];

export interface PlannedSubtask {
  /** The plan's own id (`s1`, `s2`, ...), which `dependsOn` refers to. */
  id: string;
  instruction: string;
  kind: TaskKind;
  dependsOn: string[];
  /** 1 (trivial) to 5 (hard). */
  difficulty: number;
}

export interface Plan {
  subtasks: PlannedSubtask[];
  /**
   * How the plan was made: the fast path (no planner call), a planner model, a fallback, the one
   * model a person named, or by document analysis (retrieval or map-reduce, no planner call).
   */
  source: 'fast-path' | 'planner' | 'fallback' | 'single-model' | 'documents';
  /** Why the plan looks as it does: the fast-path rule that matched, repairs made, why it fell back. */
  notes?: string[];
}

/**
 * How strong (and how expensive) a model is, for routing and escalation: on-device models,
 * cheap cloud models, strong cloud models. Escalation goes one tier up.
 */
export type ModelTier = 'local' | 'cheap' | 'strong';
