/**
 * The person's thumbs up (1) or down (-1) in this window, by run id, and by `runId:subtaskKey`
 * for a subtask rated in the run view. Kept outside the components for the reason given in
 * expanded-runs.svelte.ts: a conversation reload replaces them.
 */
export const ratings = $state<Record<string, 1 | -1 | null>>({});
