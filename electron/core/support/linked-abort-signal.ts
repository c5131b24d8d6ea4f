/** A signal that aborts with the first of its sources, and what detaches it from them. */
export interface LinkedAbortSignal {
  signal: AbortSignal;
  /** Stops following the sources (call it once the work the signal was for is done). */
  release(): void;
}

/**
 * What AbortSignal.any does, with an end. Node keeps a signal made by AbortSignal.any alive for as
 * long as it has an abort listener and has not aborted (its gcPersistentSignals), and the openai
 * SDK adds a listener to the signal of every request that it never removes: each model call's
 * signal, and everything its listeners reach, stayed in memory for the life of the process (about
 * 2 KB a gateway request, measured). A plain controller's signal carries no such hold: once the
 * sources' listeners are released, it goes with the call.
 */
export function linkedAbortSignal(sources: readonly AbortSignal[]): LinkedAbortSignal {
  const controller = new AbortController();
  const aborted = sources.find((source) => source.aborted);
  if (aborted) {
    controller.abort(aborted.reason);
    return { signal: controller.signal, release: () => {} };
  }
  const listeners = sources.map((source) => {
    const onAbort = () => {
      controller.abort(source.reason);
      release();
    };
    source.addEventListener('abort', onAbort, { once: true });
    return { source, onAbort };
  });
  const release = () => {
    for (const { source, onAbort } of listeners) source.removeEventListener('abort', onAbort);
  };
  return { signal: controller.signal, release };
}
