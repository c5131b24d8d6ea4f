import type { PlannedSubtask } from '../../shared/plan.js';
import type { ContextSection } from './context-fitting.js';

/**
 * The subtask whose result is the answer, so no synthesis step is needed: the only subtask, or
 * the one subtask that every other subtask leads to (the end of a chain). Undefined when the plan
 * has several ends: their results are merged.
 */
export function answeringSubtask(subtasks: Pick<PlannedSubtask, 'id' | 'dependsOn'>[]): string | undefined {
  if (subtasks.length === 1) return subtasks[0]?.id;
  const needed = new Set(subtasks.flatMap((subtask) => subtask.dependsOn));
  const ends = subtasks.filter((subtask) => !needed.has(subtask.id));
  if (ends.length !== 1) return undefined;
  const end = ends[0]!;
  const byId = new Map(subtasks.map((subtask) => [subtask.id, subtask]));
  const reached = new Set<string>();
  const visit = (id: string): void => {
    if (reached.has(id)) return;
    reached.add(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency);
  };
  visit(end.id);
  return reached.size === subtasks.length ? end.id : undefined;
}

export interface MergeInput {
  requestText: string;
  results: Array<{ id: string; instruction: string; text: string }>;
}

/** The synthesis instruction (kept whole) and the results as sections (fitted to the window). */
export function mergePrompt(input: MergeInput): { task: string; sections: ContextSection[] } {
  const task = [
    'Answer the request below using the results of its parts. Combine them into one coherent answer in the language of the request;',
    'do not mention the parts or that the work was split. Keep every fact, figure and name from the results exactly as given.',
    '',
    `Request:\n${input.requestText}`,
  ].join('\n');
  return {
    task,
    sections: input.results.map((result) => ({ label: `Result of part ${result.id} (${result.instruction})`, text: result.text })),
  };
}

/** The answer when the synthesis step fails: the results one after the other, under their instructions. */
export function concatenateResults(results: MergeInput['results']): string {
  return results.map((result) => `**${result.instruction}**\n\n${result.text.trim()}`).join('\n\n');
}
