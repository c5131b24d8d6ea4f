import { describe, expect, it } from 'vitest';
import { ConcurrencyLimiter } from '../../electron/core/orchestration/concurrency-limiter.js';
import { runDag } from '../../electron/core/orchestration/executor.js';
import { answeringSubtask } from '../../electron/core/orchestration/merge.js';

const tick = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runDag', () => {
  it('starts each node when its dependencies are done and hands it their results', async () => {
    const order: string[] = [];
    const results = await runDag(
      [
        { id: 'a', dependsOn: [] },
        { id: 'b', dependsOn: [] },
        { id: 'c', dependsOn: ['a', 'b'] },
      ],
      async (node, inputs) => {
        order.push(`start ${node.id}`);
        await tick();
        order.push(`end ${node.id}`);
        return `${node.id}(${[...inputs.values()].join(',')})`;
      },
      new AbortController().signal,
    );
    expect(order.slice(0, 2)).toEqual(['start a', 'start b']);
    expect(order.indexOf('start c')).toBeGreaterThan(order.indexOf('end b'));
    expect(results.get('c')).toBe('c(a(),b())');
  });

  it('aborts the running nodes and throws the first error when one fails', async () => {
    let sawAbort = false;
    const run = runDag(
      [
        { id: 'slow', dependsOn: [] },
        { id: 'bad', dependsOn: [] },
        { id: 'after', dependsOn: ['bad'] },
      ],
      async (node, _inputs, signal) => {
        if (node.id === 'bad') throw new Error('broken');
        if (node.id === 'slow') {
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          sawAbort = true;
        }
        return node.id;
      },
      new AbortController().signal,
    );
    await expect(run).rejects.toThrow('broken');
    expect(sawAbort).toBe(true);
  });
});

describe('ConcurrencyLimiter', () => {
  it('lets at most the limit through per key, in order, and counts the peak', async () => {
    const limiter = new ConcurrencyLimiter((key) => (key === 'local' ? 2 : 1));
    const releases = await Promise.all([limiter.acquire('local'), limiter.acquire('local'), limiter.acquire('cloud')]);
    let third = false;
    const waiting = limiter.acquire('local').then((release) => {
      third = true;
      return release;
    });
    await tick();
    expect(third).toBe(false);
    releases[0]!();
    (await waiting)();
    expect(third).toBe(true);
    expect(limiter.peak('local')).toBe(2);
    expect(limiter.inFlight('cloud')).toBe(1);
  });

  it('gives up waiting on abort', async () => {
    const limiter = new ConcurrencyLimiter(() => 1);
    await limiter.acquire('x');
    const controller = new AbortController();
    const waiting = limiter.acquire('x', controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
  });
});

describe('answeringSubtask', () => {
  it.each([
    ['one subtask', [{ id: 's1', dependsOn: [] }], 's1'],
    ['a chain', [{ id: 's1', dependsOn: [] }, { id: 's2', dependsOn: ['s1'] }], 's2'],
    ['a funnel', [{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: [] }, { id: 'c', dependsOn: ['a', 'b'] }], 'c'],
    ['two ends', [{ id: 'a', dependsOn: [] }, { id: 'b', dependsOn: [] }], undefined],
  ])('%s → %s', (_name, subtasks, expected) => {
    expect(answeringSubtask(subtasks)).toBe(expected);
  });
});
