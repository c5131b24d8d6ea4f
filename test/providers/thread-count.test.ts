import { getLlama } from 'node-llama-cpp';
import { describe, expect, it } from 'vitest';
import { chooseThreadCount, threadCandidates } from '../../electron/core/providers/local-llama/thread-count.js';
import { storiesModelPath } from '../support/local-model-fixture.js';

describe('thread count', () => {
  it.each([
    [1, [1]],
    [2, [1]],
    [4, [1, 2, 3]],
    [8, [1, 4, 7]],
    [16, [1, 8, 15]],
  ])('with %i cores the candidates leave one core for the app: %j', (cores, expected) => {
    expect(threadCandidates(cores)).toEqual(expected);
  });

  it('with a single candidate takes it without measuring', async () => {
    const llama = await getLlama({ gpu: false });
    const model = await llama.loadModel({ modelPath: storiesModelPath });
    try {
      expect(await chooseThreadCount(model, [1])).toEqual({
        threads: 1,
        measurements: [],
        reason: '1 thread: the only choice that leaves a core free for the app.',
      });
    } finally {
      await model.dispose();
    }
  });

  it('measures each candidate and picks the fastest', async () => {
    const llama = await getLlama({ gpu: false });
    const model = await llama.loadModel({ modelPath: storiesModelPath });
    try {
      const choice = await chooseThreadCount(model, [1, 2]);
      expect(choice.measurements.map((entry) => entry.threads)).toEqual([1, 2]);
      const fastest = choice.measurements.reduce((best, entry) => (entry.tokensPerSecond > best.tokensPerSecond ? entry : best));
      expect(choice.threads).toBe(fastest.threads);
      expect(choice.reason).toMatch(/^\d threads measured fastest \(1: \d+ tok\/s, 2: \d+ tok\/s\)\.$/);
    } finally {
      await model.dispose();
    }
  });
});
