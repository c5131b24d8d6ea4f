import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { SequencePool } from '../../electron/core/providers/local-llama/sequence-pool.js';

/** A context of `count` sequences whose cached tokens the test sets, as llama.cpp would after a request. */
function fakeContext(count: number): { context: LlamaContext; sequences: Array<{ contextTokens: Token[] }> } {
  const sequences: Array<{ contextTokens: Token[] }> = [];
  const context = {
    get sequencesLeft() {
      return count - sequences.length;
    },
    getSequence() {
      const sequence = { contextTokens: [] as Token[] };
      sequences.push(sequence);
      return sequence as unknown as LlamaContextSequence;
    },
  };
  return { context: context as unknown as LlamaContext, sequences };
}

const tokens = (...values: number[]) => values as Token[];

describe('the sequence pool', () => {
  it('gives a prompt the free sequence that has its start cached, so only the rest is decoded', async () => {
    const { context } = fakeContext(3);
    const pool = new SequencePool(context);
    const first = await pool.acquire(undefined, tokens(1, 2, 3));
    const second = await pool.acquire(undefined, tokens(7, 8));
    (first as unknown as { contextTokens: Token[] }).contextTokens = tokens(1, 2, 3, 4, 5);
    (second as unknown as { contextTokens: Token[] }).contextTokens = tokens(7, 8, 9);
    pool.release(first);
    pool.release(second);

    // The follow-up turn of the first conversation: its history is cached in `first`.
    expect(await pool.acquire(undefined, tokens(1, 2, 3, 4, 5, 6))).toBe(first);
    // A prompt no cache shares takes the sequence never used, leaving `second`'s cache be.
    const fresh = await pool.acquire(undefined, tokens(40, 41));
    expect([first, second]).not.toContain(fresh);
    // Then, with every sequence taken but `second`, it gets that one.
    expect(await pool.acquire(undefined, tokens(50))).toBe(second);
    expect(pool.busy).toBe(3);
  });

  it('without a prompt, hands out the sequence freed last; a waiting request gets the next one freed', async () => {
    const { context } = fakeContext(2);
    const pool = new SequencePool(context);
    const first = await pool.acquire();
    const second = await pool.acquire();
    const waiting = pool.acquire(undefined, tokens(1));
    pool.release(second);
    expect(await waiting).toBe(second);
    pool.release(first);
    pool.release(second);
    expect(await pool.acquire()).toBe(second);
    expect(pool.peak).toBe(2);
  });
});
