import { afterEach, describe, expect, it } from 'vitest';
import type { Baton } from '../../electron/core/app.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

async function answered(texts: string[]): Promise<Baton> {
  harness = await startService({ model: new ScriptedModel('scripted:writer', texts.map(() => ({ chunks: ['An answer.'] }))) });
  for (const text of texts) {
    const sent = await harness.call('chat.send', { text });
    await harness.waitForRunEnd(sent.runId);
  }
  return (harness.service as unknown as { baton: Baton }).baton;
}

describe('the learned routing state in the app', () => {
  it('sums what was spent and saved, with the router\'s threshold', async () => {
    await answered(['Tell me about the moon', 'Tell me about bread']);
    const learning = await harness!.call('stats.learning', {});
    expect(learning).toMatchObject({ outcomeCount: 2, threshold: { preferLocal: expect.any(Boolean) } });
    expect(learning.savedUsd).toBeCloseTo(learning.costIfStrongestUsd - learning.spentUsd, 10);
    expect(learning.threshold.leadPerMilliDollar).toBeGreaterThan(0);
  });

  it('exports, resets and imports it back; a file that does not fit is refused and changes nothing', async () => {
    const baton = await answered(['Tell me about the moon', 'Tell me about bread']);
    const exported = await harness!.call('stats.export', {});
    expect(exported.fileName).toMatch(/^baton-learned-routing-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(exported.content) as { format: string; outcomes: unknown[] };
    expect(file.format).toBe('baton-learned-routing');
    expect(file.outcomes).toHaveLength(2);
    // No prompt text travels with it.
    expect(exported.content).not.toMatch(/moon|bread/);

    await expect(harness!.call('stats.reset', {})).rejects.toMatchObject({ code: 'invalid-request' });
    expect(await harness!.call('stats.reset', { confirm: true })).toEqual({ forgotten: 2 });
    expect(baton.database.outcomes.list()).toEqual([]);
    expect(baton.database.connection.prepare('SELECT COUNT(*) AS count FROM outcome_features').get()).toEqual({ count: 0 });

    const broken = JSON.stringify({ ...file, outcomes: [{ ...(file.outcomes[0] as object), difficulty: 9 }] });
    await expect(harness!.call('stats.import', { content: broken })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringMatching(/^This file cannot be imported: .*difficulty.*\. Nothing was changed\.$/),
    });
    await expect(harness!.call('stats.import', { content: 'not json' })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(baton.database.outcomes.list()).toEqual([]);

    expect(await harness!.call('stats.import', { content: exported.content })).toEqual({ imported: 2, replaced: 0 });
    expect(baton.database.outcomes.list().map((outcome) => outcome.modelId)).toEqual(['scripted:writer', 'scripted:writer']);
    expect((await harness!.call('stats.learning', {})).outcomeCount).toBe(2);
  });
});
