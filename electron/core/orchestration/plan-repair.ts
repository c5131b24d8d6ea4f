import { taskKinds, type Plan, type PlannedSubtask, type TaskKind } from '../../shared/plan.js';
import { guessKind } from './task-kind-guess.js';

export interface PlanLimits {
  maxSubtasks: number;
  /** The person's request: the single subtask of a fallback plan. */
  requestText: string;
}

/** Kind names planners use that are not in the taxonomy, and what they mean. */
const kindSynonyms: Record<string, TaskKind> = {
  coding: 'code',
  programming: 'code',
  implementation: 'code',
  debug: 'code',
  calculation: 'math',
  arithmetic: 'math',
  analysis: 'reasoning',
  analyze: 'reasoning',
  analyse: 'reasoning',
  research: 'reasoning',
  planning: 'reasoning',
  compose: 'writing',
  draft: 'writing',
  write: 'writing',
  rewrite: 'writing',
  edit: 'writing',
  summary: 'summarize',
  summarise: 'summarize',
  summarization: 'summarize',
  extraction: 'extract',
  translation: 'translate',
  classification: 'classify',
  categorize: 'classify',
  conversation: 'chat',
  answer: 'chat',
  question: 'chat',
};

/** The plan of one subtask: the whole request, its kind guessed from its words. */
export function singleSubtaskPlan(requestText: string, source: Plan['source'], notes: string[], difficulty = 3): Plan {
  return {
    source,
    notes,
    subtasks: [{ id: 's1', instruction: requestText, kind: guessKind(requestText), dependsOn: [], difficulty }],
  };
}

/**
 * Turns whatever the planner returned into a plan that can run, or into the one-subtask fallback.
 *
 * Repaired in place (each repair noted): missing or duplicate ids (renumbered), unknown kinds
 * (synonyms mapped, else guessed from the instruction), difficulty outside 1..5 (rounded and
 * clamped; missing: 3), dependencies on unknown ids or on itself (dropped), subtasks without
 * an instruction (dropped, with the dependencies on them).
 *
 * Fallback to one subtask: no subtasks, more than `maxSubtasks`, or a dependency cycle.
 */
export function repairPlan(raw: unknown, limits: PlanLimits): Plan {
  const fallback = (why: string, notes: string[] = []) =>
    singleSubtaskPlan(limits.requestText, 'fallback', [...notes, `${why}; falling back to one subtask`]);

  const items = (raw as { subtasks?: unknown } | null)?.subtasks;
  if (!Array.isArray(items) || items.length === 0) return fallback('the planner returned no subtasks');
  if (items.length > limits.maxSubtasks) {
    return fallback(`the planner made ${items.length} subtasks, more than the ${limits.maxSubtasks} allowed`);
  }

  const notes: string[] = [];
  const subtasks: PlannedSubtask[] = [];
  const seen = new Set<string>();
  /** The planner's id → the id used here (after renumbering); dropped subtasks map to nothing. */
  const rename = new Map<string, string>();
  items.forEach((item: unknown, index) => {
    const value = (item ?? {}) as Record<string, unknown>;
    const givenId = typeof value['id'] === 'string' ? value['id'].trim() : '';
    const instruction = typeof value['instruction'] === 'string' ? value['instruction'].trim() : '';
    if (instruction.length === 0) {
      notes.push(`subtask ${givenId || index + 1} had no instruction and was dropped`);
      return;
    }
    let id = givenId;
    if (id.length === 0 || seen.has(id)) {
      id = `s${index + 1}`;
      while (seen.has(id)) id = `${id}x`;
      notes.push(givenId ? `duplicate id "${givenId}" renamed to ${id}` : `a subtask without id was named ${id}`);
    }
    if (givenId && !rename.has(givenId)) rename.set(givenId, id);
    seen.add(id);
    subtasks.push({
      id,
      instruction,
      kind: repairKind(value['kind'], instruction, id, notes),
      difficulty: repairDifficulty(value['difficulty'], id, notes),
      dependsOn: Array.isArray(value['dependsOn']) ? value['dependsOn'].filter((entry): entry is string => typeof entry === 'string') : [],
    });
  });
  if (subtasks.length === 0) return fallback('no subtask had an instruction', notes);

  const ids = new Set(subtasks.map((subtask) => subtask.id));
  for (const subtask of subtasks) {
    const kept: string[] = [];
    for (const dependency of subtask.dependsOn) {
      const target = rename.get(dependency) ?? dependency;
      if (target === subtask.id) notes.push(`${subtask.id} depended on itself; dropped`);
      else if (!ids.has(target)) notes.push(`${subtask.id} depended on unknown "${dependency}"; dropped`);
      else if (!kept.includes(target)) kept.push(target);
    }
    subtask.dependsOn = kept;
  }

  const cycle = findCycle(subtasks);
  if (cycle) return fallback(`the plan has a cycle (${cycle.join(' → ')})`, notes);
  return { source: 'planner', subtasks, ...(notes.length > 0 ? { notes } : {}) };
}

function repairKind(value: unknown, instruction: string, id: string, notes: string[]): TaskKind {
  const given = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if ((taskKinds as readonly string[]).includes(given)) return given as TaskKind;
  const mapped = kindSynonyms[given] ?? guessKind(instruction);
  notes.push(`${id}: kind "${given}" is not in the taxonomy; using ${mapped}`);
  return mapped;
}

function repairDifficulty(value: unknown, id: string, notes: string[]): number {
  const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  if (!Number.isFinite(number)) {
    notes.push(`${id}: no difficulty; using 3`);
    return 3;
  }
  const repaired = Math.min(5, Math.max(1, Math.round(number)));
  if (repaired !== number) notes.push(`${id}: difficulty ${number} became ${repaired}`);
  return repaired;
}

/** A dependency cycle as a path of ids (first id repeated at the end), or undefined. */
export function findCycle(subtasks: Pick<PlannedSubtask, 'id' | 'dependsOn'>[]): string[] | undefined {
  const byId = new Map(subtasks.map((subtask) => [subtask.id, subtask]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const subtask of subtasks) {
    const cycle = visit(subtask.id);
    if (cycle) return cycle;
  }
  return undefined;
}
