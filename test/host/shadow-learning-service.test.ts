import { afterEach, describe, expect, it } from 'vitest';
import { createBaton, type Baton } from '../../electron/core/app.js';
import type { ShadowLearner } from '../../electron/core/orchestration/shadow-learner.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** A shadow learner that runs until it is stopped, reporting when it starts and how it ended. */
function waitingLearner() {
  const starts: AbortSignal[] = [];
  const learner = {
    runOnce: (signal: AbortSignal) =>
      new Promise<undefined>((resolve) => {
        starts.push(signal);
        signal.addEventListener('abort', () => resolve(undefined));
      }),
  } as unknown as ShadowLearner;
  return { learner, starts };
}

describe('shadow learning in the service', () => {
  it('runs while idle when the setting is on, and a message stops it at once', async () => {
    const { learner, starts } = waitingLearner();
    harness = await startService({
      model: new ScriptedModel('scripted:writer', [{ chunks: ['An answer.'] }]),
      shadowIdle: { idleMs: 0, checkMs: 10 },
      createBaton: (options) => {
        const baton = createBaton({ ...options, settingsOverrides: { ...options.settingsOverrides, shadowLearning: true } });
        return { ...baton, shadowLearner: learner } satisfies Baton;
      },
    });
    await expect.poll(() => starts.length).toBeGreaterThan(0);
    const sent = await harness.call('chat.send', { text: 'Hello' });
    expect(starts[0]?.aborted).toBe(true);
    await harness.waitForRunEnd(sent.runId);
  });

  it('stays off by default', async () => {
    const { learner, starts } = waitingLearner();
    harness = await startService({
      model: new ScriptedModel('scripted:writer', []),
      shadowIdle: { idleMs: 0, checkMs: 10 },
      createBaton: (options) => ({ ...createBaton(options), shadowLearner: learner }),
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(starts).toHaveLength(0);
  });
});
