import { describe, expect, it } from 'vitest';
import { IdleWork } from '../../electron/core/service/idle-work.js';

function setup(options: { enabled?: boolean; busy?: boolean; found?: boolean } = {}) {
  let now = 0;
  const state = { enabled: options.enabled ?? true, busy: options.busy ?? false };
  const pieces: AbortSignal[] = [];
  let release: (() => void) | undefined;
  let afterWork = 0;
  const idle = new IdleWork({
    enabled: () => state.enabled,
    busy: () => state.busy,
    work: async (signal) => {
      pieces.push(signal);
      await new Promise<void>((resolve) => {
        release = resolve;
        signal.addEventListener('abort', () => resolve());
      });
      return options.found ?? true;
    },
    afterWork: () => (afterWork += 1),
    idleMs: 1000,
    now: () => now,
  });
  return { idle, state, pieces, advance: (ms: number) => (now += ms), finish: () => release?.(), afterWork: () => afterWork };
}

describe('work while the person is away', () => {
  it('starts only after the idle period, when enabled and nothing else runs', async () => {
    const { idle, state, pieces, advance, finish } = setup();
    await idle.check();
    expect(pieces).toHaveLength(0);
    advance(1000);
    state.busy = true;
    await idle.check();
    state.busy = false;
    state.enabled = false;
    await idle.check();
    expect(pieces).toHaveLength(0);
    state.enabled = true;
    const checked = idle.check();
    expect(pieces).toHaveLength(1);
    expect(idle.running).toBe(true);
    // One piece at a time.
    await idle.check();
    expect(pieces).toHaveLength(1);
    finish();
    await checked;
    expect(idle.running).toBe(false);
  });

  it('stops the piece in progress when the person does something, and waits a new idle period', async () => {
    const { idle, pieces, advance, afterWork } = setup();
    advance(1000);
    const checked = idle.check();
    idle.activity();
    await checked;
    expect(pieces[0]?.aborted).toBe(true);
    expect(afterWork()).toBe(1);
    await idle.check();
    expect(pieces).toHaveLength(1);
    advance(1000);
    void idle.check();
    expect(pieces).toHaveLength(2);
    await idle.stop();
    expect(pieces[1]?.aborted).toBe(true);
  });

  it('after finding nothing to do, looks again only after another idle period', async () => {
    const { idle, pieces, advance, finish } = setup({ found: false });
    advance(1000);
    const checked = idle.check();
    finish();
    await checked;
    await idle.check();
    expect(pieces).toHaveLength(1);
    advance(1000);
    void idle.check();
    expect(pieces).toHaveLength(2);
    await idle.stop();
  });
});
