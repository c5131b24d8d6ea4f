import type { LlamaContext, LlamaContextSequence } from 'node-llama-cpp';
import { BatonError } from '../../../shared/errors.js';

/**
 * Hands out the sequences of one context to concurrent requests. llama.cpp decodes all busy
 * sequences of a context in one batch, so N requests share one model load and one forward pass.
 * A request that finds every sequence busy waits its turn (FIFO). Sequences are reused, not
 * disposed, so a follow-up turn can reuse the cached prefix of its conversation.
 */
export class SequencePool {
  private readonly free: LlamaContextSequence[] = [];
  private readonly waiting: { resolve: (sequence: LlamaContextSequence) => void; reject: (error: unknown) => void }[] = [];
  private busyCount = 0;
  private peakBusy = 0;

  constructor(private readonly context: LlamaContext) {}

  get busy(): number {
    return this.busyCount;
  }

  /** The most sequences that were in use at the same time. */
  get peak(): number {
    return this.peakBusy;
  }

  async acquire(signal?: AbortSignal): Promise<LlamaContextSequence> {
    signal?.throwIfAborted();
    const sequence = this.free.pop() ?? (this.context.sequencesLeft > 0 ? this.context.getSequence() : undefined);
    if (sequence) return this.markBusy(sequence);

    return new Promise<LlamaContextSequence>((resolve, reject) => {
      const entry = {
        resolve: (granted: LlamaContextSequence) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(this.markBusy(granted));
        },
        reject,
      };
      const onAbort = () => {
        const index = this.waiting.indexOf(entry);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new BatonError('aborted', 'The request was cancelled while waiting for a free model slot.'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  release(sequence: LlamaContextSequence): void {
    this.busyCount -= 1;
    const next = this.waiting.shift();
    if (next) {
      next.resolve(sequence);
    } else {
      this.free.push(sequence);
    }
  }

  /** Fails every waiting request, for an unload. */
  rejectWaiting(error: BatonError): void {
    for (const entry of this.waiting.splice(0)) entry.reject(error);
  }

  private markBusy(sequence: LlamaContextSequence): LlamaContextSequence {
    this.busyCount += 1;
    this.peakBusy = Math.max(this.peakBusy, this.busyCount);
    return sequence;
  }
}
