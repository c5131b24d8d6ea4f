import { afterEach, describe, expect, it } from 'vitest';
import { maskSpans, TitleMasker, uncheckedTitle } from '../../electron/core/service/title-masking.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('conversation titles in the window', () => {
  it('show each value the shield finds as its kind, and keep the stored title as written', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:writer', [{ chunks: ['Done.'] }]) });
    const sent = await harness.call('chat.send', { text: 'Write to ann@example.com and call +44 20 7946 0958 about the invoice' });
    await harness.waitForRunEnd(sent.runId);
    const [listed] = (await harness.call('conversations.list', {})).conversations;
    // The stored title was cut at 60 characters; the whole first line is what was checked.
    expect(listed).toMatchObject({
      title: 'Write to ann@example.com and call +44 20 7946 0958 about...',
      maskedTitle: 'Write to [email] and call [phone] about the invoice',
    });
    expect((await harness.call('conversations.get', { id: sent.conversationId })).conversation.maskedTitle).toBe(listed!.maskedTitle);
    const renamed = await harness.call('conversations.rename', { id: sent.conversationId, title: 'Invoice for ann@example.com' });
    expect(renamed.conversation).toMatchObject({ title: 'Invoice for ann@example.com', maskedTitle: 'Invoice for [email]' });
  });
});

describe('masking a title', () => {
  it('replaces spans by their kind, in order, ignoring one that overlaps an earlier one', () => {
    const text = 'Dr Ann Lee, 12 Oak Street';
    expect(
      maskSpans(text, [
        { start: 12, end: 25, type: 'STREET_ADDRESS' },
        { start: 3, end: 10, type: 'PERSON' },
        { start: 7, end: 10, type: 'LOCATION' },
      ]),
    ).toBe('Dr [person], [street address]');
  });

  it('hides the whole title when the shield fails, and asks again next time', async () => {
    let failing = true;
    const masker = new TitleMasker(() => ({
      analyze: async (text: string) => {
        if (failing) throw new Error('worker crashed');
        return { spans: [{ type: 'PERSON', start: 5, end: 8, score: 0.9, source: 'test' }], sensitivity: 'personal', nerAvailable: true, warnings: [] } as never;
      },
    }));
    expect(await masker.mask('Call Ann')).toBe(uncheckedTitle);
    failing = false;
    expect(await masker.mask('Call Ann')).toBe('Call [person]');
  });
});
