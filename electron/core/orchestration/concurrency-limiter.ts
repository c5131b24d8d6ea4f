import { BatonError } from '../../shared/errors.js';

interface Lane {
  busy: number;
  peak: number;
  waiting: Array<{ grant: () => void; reject: (error: unknown) => void; signal: AbortSignal | undefined; onAbort: () => void }>;
}

/**
 * Counting semaphores by key (a provider id): at most `limitFor(key)` holders at once, the rest
 * wait in order. Shared by every run of a conductor, so two runs together respect the limit too.
 */
export class ConcurrencyLimiter {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly limitFor: (key: string) => number) {}

  /** Resolves with the release function once a slot is free; rejects with 'aborted' when the signal fires first. */
  acquire(key: string, signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(new BatonError('aborted', 'Cancelled while waiting for a model slot.'));
    const lane = this.lane(key);
    if (lane.busy < this.limitFor(key)) return Promise.resolve(this.take(key, lane));
    return new Promise((resolve, reject) => {
      const entry = {
        grant: () => {
          signal?.removeEventListener('abort', entry.onAbort);
          resolve(this.take(key, lane));
        },
        reject,
        signal,
        onAbort: () => {
          const index = lane.waiting.indexOf(entry);
          if (index >= 0) lane.waiting.splice(index, 1);
          reject(new BatonError('aborted', 'Cancelled while waiting for a model slot.'));
        },
      };
      signal?.addEventListener('abort', entry.onAbort, { once: true });
      lane.waiting.push(entry);
    });
  }

  inFlight(key: string): number {
    return this.lanes.get(key)?.busy ?? 0;
  }

  /** The most holders there were at once for this key. */
  peak(key: string): number {
    return this.lanes.get(key)?.peak ?? 0;
  }

  private take(key: string, lane: Lane): () => void {
    lane.busy += 1;
    lane.peak = Math.max(lane.peak, lane.busy);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      lane.busy -= 1;
      if (lane.busy < this.limitFor(key)) lane.waiting.shift()?.grant();
    };
  }

  private lane(key: string): Lane {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { busy: 0, peak: 0, waiting: [] };
      this.lanes.set(key, lane);
    }
    return lane;
  }
}
