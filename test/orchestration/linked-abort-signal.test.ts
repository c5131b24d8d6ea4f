import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { linkedAbortSignal } from '../../electron/core/support/linked-abort-signal.js';

describe('a linked abort signal', () => {
  it('aborts with the first of its sources, and its reason', () => {
    const run = new AbortController();
    const timeout = new AbortController();
    const { signal } = linkedAbortSignal([run.signal, timeout.signal]);
    const heard: unknown[] = [];
    signal.addEventListener('abort', () => heard.push(signal.reason));
    expect(signal.aborted).toBe(false);
    timeout.abort('took too long');
    run.abort('cancelled');
    expect(signal.aborted).toBe(true);
    expect(heard).toEqual(['took too long']);
  });

  it('is aborted from the start when a source already is', () => {
    const done = new AbortController();
    done.abort('gone');
    const { signal } = linkedAbortSignal([new AbortController().signal, done.signal]);
    expect([signal.aborted, signal.reason]).toEqual([true, 'gone']);
  });

  it('once released, no longer follows its sources, which keep no listener of it', () => {
    const run = new AbortController();
    const { signal, release } = linkedAbortSignal([run.signal]);
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(1);
    release();
    expect(getEventListeners(run.signal, 'abort')).toHaveLength(0);
    run.abort();
    expect(signal.aborted).toBe(false);
  });

  it('lets go of its sources once one aborts', () => {
    const run = new AbortController();
    const timeout = new AbortController();
    linkedAbortSignal([run.signal, timeout.signal]);
    run.abort();
    expect(getEventListeners(timeout.signal, 'abort')).toHaveLength(0);
  });
});
