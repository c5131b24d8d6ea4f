import { describe, expect, it } from 'vitest';
import { applyRunEvent, emptyRunView, retryCountdown } from '../../renderer/src/lib/run-view.js';

describe('the retry countdown of a run', () => {
  it('counts down the longest wait still ahead while the run runs, and says nothing otherwise', () => {
    const view = emptyRunView('run-1');
    expect(retryCountdown(view, 1_000)).toBeNull();
    applyRunEvent(view, { type: 'run-notice', runId: 'run-1', kind: 'retry', message: 'cloud:cheap failed (HTTP 429); retry 1 of 2 in 12000 ms.', retryAt: 13_000 });
    expect(retryCountdown(view, 1_000)).toBe('retrying in 12 s');
    expect(retryCountdown(view, 12_500)).toBe('retrying in 1 s');
    expect(retryCountdown(view, 13_000)).toBeNull();
    view.status = 'finished';
    expect(retryCountdown(view, 1_000)).toBeNull();
  });
});
