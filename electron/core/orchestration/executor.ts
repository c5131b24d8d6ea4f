import { linkedAbortSignal } from '../support/linked-abort-signal.js';

export interface DagNode {
  id: string;
  dependsOn: string[];
}

/**
 * Runs a dependency graph (acyclic: the plan was checked): every node starts as soon as all of
 * its dependencies are done, so independent nodes run at the same time (the model calls inside
 * wait for their provider's concurrency limit). A node receives its dependencies' results.
 *
 * When a node fails, the graph's signal aborts (so running nodes stop their model calls), no
 * new node starts, and once the running ones have settled the first error is thrown.
 */
export async function runDag<Result>(
  nodes: DagNode[],
  runNode: (node: DagNode, inputs: Map<string, Result>, signal: AbortSignal) => Promise<Result>,
  signal: AbortSignal,
): Promise<Map<string, Result>> {
  const results = new Map<string, Result>();
  const started = new Set<string>();
  const running = new Set<Promise<void>>();
  const controller = new AbortController();
  const { signal: graphSignal, release } = linkedAbortSignal([signal, controller.signal]);
  let failure: { error: unknown } | undefined;

  const startReady = (): void => {
    if (failure || graphSignal.aborted) return;
    for (const node of nodes) {
      if (started.has(node.id) || !node.dependsOn.every((dependency) => results.has(dependency))) continue;
      started.add(node.id);
      const inputs = new Map(node.dependsOn.map((dependency) => [dependency, results.get(dependency) as Result]));
      const task: Promise<void> = runNode(node, inputs, graphSignal).then(
        (result) => {
          results.set(node.id, result);
        },
        (error: unknown) => {
          failure ??= { error };
          controller.abort();
        },
      );
      const tracked = task.finally(() => {
        running.delete(tracked);
        startReady();
      });
      running.add(tracked);
    }
  };

  startReady();
  try {
    while (running.size > 0) await Promise.race(running);
  } finally {
    release();
  }
  if (failure) throw failure.error;
  return results;
}
