import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import { BatonError } from '../../../shared/errors.js';

/**
 * Hands out the sequences of one context to concurrent requests. llama.cpp decodes all busy
 * sequences of a context in one batch, so N requests share one model load and one forward pass.
 * A request that finds every sequence busy waits its turn (FIFO). Sequences are reused, not
 * disposed, and a request given its prompt's tokens gets the free sequence whose cache shares
 * the longest start with them: a follow-up turn finds its conversation's history already
 * evaluated, and only the new part is decoded (llama.cpp keeps the common prefix).
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

  async acquire(signal?: AbortSignal, promptTokens?: readonly Token[]): Promise<LlamaContextSequence> {
    signal?.throwIfAborted();
    const sequence = this.takeFree(promptTokens) ?? (this.context.sequencesLeft > 0 ? this.context.getSequence() : undefined) ?? this.free.pop();
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

  /**
   * The free sequence whose cached tokens share the longest start with the prompt, when one
   * shares any; else, without a prompt, the one freed last. A prompt that matches no cache takes
   * a sequence never used, when there is one, and leaves the caches of other conversations be.
   */
  private takeFree(promptTokens: readonly Token[] | undefined): LlamaContextSequence | undefined {
    if (!promptTokens) return this.free.pop();
    let best = -1;
    let bestLength = 0;
    this.free.forEach((candidate, index) => {
      const length = commonPrefixLength(candidate.contextTokens, promptTokens);
      // Later in the list wins a tie: it was freed more recently.
      if (length > 0 && length >= bestLength) {
        best = index;
        bestLength = length;
      }
    });
    return best >= 0 ? this.free.splice(best, 1)[0] : undefined;
  }

  private markBusy(sequence: LlamaContextSequence): LlamaContextSequence {
    this.busyCount += 1;
    this.peakBusy = Math.max(this.peakBusy, this.busyCount);
    return sequence;
  }
}

function commonPrefixLength(cached: readonly Token[], prompt: readonly Token[]): number {
  const limit = Math.min(cached.length, prompt.length);
  let length = 0;
  while (length < limit && cached[length] === prompt[length]) length += 1;
  return length;
}
