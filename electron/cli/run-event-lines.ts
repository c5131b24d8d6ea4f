/** How `baton ask` and `baton analyze` report a run's progress on stderr, so stdout keeps only the answer. */
import type { RunEvent } from '../shared/events.js';

/** The plan, each route and why, escalations and notices, as lines on stderr (notices only with --json). */
export function describeForStderr(event: RunEvent, json: boolean): string | undefined {
  if (event.type === 'run-notice') return `baton: ${event.message}`;
  if (json) return undefined;
  if (event.type === 'plan-created' && event.plan.subtasks.length > 1) {
    const steps = event.plan.subtasks.map((subtask) => {
      const after = subtask.dependsOn.length > 0 ? ` after ${subtask.dependsOn.join(', ')}` : '';
      return `  ${subtask.id} [${subtask.kind}, difficulty ${subtask.difficulty}${after}] ${firstLine(subtask.instruction)}`;
    });
    return `plan (${event.plan.source}):\n${steps.join('\n')}`;
  }
  if (event.type === 'subtask-routed') return `→ ${event.subtaskId}: ${event.modelId} (${event.reason})`;
  if (event.type === 'subtask-escalated') return `↑ ${event.subtaskId}: ${event.fromModelId} → ${event.toModelId} (${event.reason})`;
  return undefined;
}

/** A step's instruction in one line: a map step's carries its whole passage below the first. */
function firstLine(instruction: string): string {
  const lines = instruction.trim().split('\n');
  const first = lines[0] ?? '';
  return lines.length > 1 ? `${first} […]` : first;
}
