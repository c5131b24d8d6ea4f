import { afterEach, describe, expect, it } from 'vitest';
import type { Baton } from '../../electron/core/app.js';
import { regeneratedRating } from '../../electron/core/learning/judged-success.js';
import type { Message } from '../../electron/shared/domain.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { startService, type ServiceHarness } from './service-fixture.js';

let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The conversation as stored: each message's role, text and the text of the message that replaced it. */
async function versions(conversationId: string): Promise<Array<[string, string, string | null]>> {
  const detail = await harness!.call('conversations.get', { id: conversationId });
  const byId = new Map(detail.messages.map((message: Message) => [message.id, message]));
  return detail.messages.map((message: Message) => [message.role, message.content, message.supersededBy === null ? null : (byId.get(message.supersededBy)?.content ?? '?')]);
}

/** What a model call was shown, one "role: text" line per message (the system prompt left out). */
function shown(model: ScriptedModel, call: number): string[] {
  return (model.requests[call]?.messages ?? []).filter((message) => message.role !== 'system').map((message) => `${message.role}: ${message.content}`);
}

async function send(text: string, conversationId?: string): Promise<{ runId: string; conversationId: string }> {
  const sent = await harness!.call('chat.send', { text, ...(conversationId ? { conversationId } : {}) });
  await harness!.waitForRunEnd(sent.runId);
  return sent;
}

describe('regenerating an answer', () => {
  it('answers the same question again without the old answer, keeps it as an earlier version, and counts it a soft down', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['Red.'] }, { chunks: ['Blue.'] }]);
    harness = await startService({ model });
    const first = await send('Name a colour.');

    const again = await harness.call('chat.regenerate', { runId: first.runId });
    expect(again.conversationId).toBe(first.conversationId);
    await harness.waitForRunEnd(again.runId);

    expect(shown(model, 1)).toEqual(['user: Name a colour.']);
    expect(await versions(first.conversationId)).toEqual([
      ['user', 'Name a colour.', null],
      ['assistant', 'Red.', 'Blue.'],
      ['assistant', 'Blue.', null],
    ]);
    const { database } = (harness.service as unknown as { baton: Baton }).baton;
    const detail = await harness.call('conversations.get', { id: first.conversationId });
    expect(detail.runs.map((run) => run.userMessageId)).toEqual([detail.messages[0]!.id, detail.messages[0]!.id]);
    expect(database.outcomes.list().map((outcome) => outcome.userFeedback)).toEqual([regeneratedRating, null]);

    // Markdown shows the conversation as it stands; JSON keeps every version.
    const markdown = await harness.call('conversations.export', { id: first.conversationId, format: 'markdown' });
    expect(markdown.content).toContain('Blue.');
    expect(markdown.content).not.toContain('Red.');
    const json = JSON.parse((await harness.call('conversations.export', { id: first.conversationId, format: 'json' })).content) as { messages: Message[] };
    expect(json.messages.map((message) => [message.content, message.supersededBy !== null])).toEqual([
      ['Name a colour.', false],
      ['Red.', true],
      ['Blue.', false],
    ]);

    // The old answer is no longer the last one.
    await expect(harness.call('chat.regenerate', { runId: first.runId })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'Only the last answer of a conversation can be regenerated.',
    });
  });

  it('keeps a rating the person gave, and answers with another model when asked, leaving the conversation\'s own', async () => {
    const writer = new ScriptedModel('scripted:writer', [{ chunks: ['Red.'] }]);
    const other = new ScriptedModel('scripted:other', [{ chunks: ['Green.'] }]);
    harness = await startService({ chooseModel: async (_baton, { modelId }) => ({ model: modelId === 'scripted:other' ? other : writer, reason: 'the test model' }) });
    const first = await harness.call('chat.send', { text: 'Name a colour.', modelId: 'scripted:writer' });
    await harness.waitForRunEnd(first.runId);
    await harness.call('chat.rate', { runId: first.runId, rating: 1 });

    const again = await harness.call('chat.regenerate', { runId: first.runId, modelId: 'scripted:other' });
    await harness.waitForRunEnd(again.runId);
    expect(other.requests).toHaveLength(1);
    const detail = await harness.call('conversations.get', { id: first.conversationId });
    expect(detail.messages.map((message) => [message.content, message.modelId])).toEqual([
      ['Name a colour.', null],
      ['Red.', 'scripted:writer'],
      ['Green.', 'scripted:other'],
    ]);
    expect(detail.conversation.modelId).toBe('scripted:writer');
    const { database } = (harness.service as unknown as { baton: Baton }).baton;
    expect(database.outcomes.list().map((outcome) => outcome.userFeedback)).toEqual([1, null]);
  });

  it('refuses an unknown run', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:writer', []) });
    await expect(harness.call('chat.regenerate', { runId: 'no-such-run' })).rejects.toMatchObject({ code: 'invalid-request' });
  });
});

describe('editing a sent question', () => {
  it('answers the new text with the history before it, keeping the old question and all after it as an earlier version', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['Paris.'] }, { chunks: ['About 2 million.'] }, { chunks: ['About 67 million.'] }, { chunks: ['Berlin.'] }]);
    harness = await startService({ model });
    const first = await send('Capital of France?');
    await send('Its population?', first.conversationId);
    const detail = await harness.call('conversations.get', { id: first.conversationId });
    const secondQuestion = detail.messages[2]!;

    const edited = await harness.call('chat.edit', { messageId: secondQuestion.id, text: 'Population of France?' });
    await harness.waitForRunEnd(edited.runId);
    expect(shown(model, 2)).toEqual(['user: Capital of France?', 'assistant: Paris.', 'user: Population of France?']);
    expect(await versions(first.conversationId)).toEqual([
      ['user', 'Capital of France?', null],
      ['assistant', 'Paris.', null],
      ['user', 'Its population?', 'Population of France?'],
      ['assistant', 'About 2 million.', 'Population of France?'],
      ['user', 'Population of France?', null],
      ['assistant', 'About 67 million.', null],
    ]);

    // The old version cannot be edited; the first question can, and takes everything after it along.
    await expect(harness.call('chat.edit', { messageId: secondQuestion.id, text: 'Again?' })).rejects.toMatchObject({ code: 'invalid-request' });
    const firstQuestion = detail.messages[0]!;
    const again = await harness.call('chat.edit', { messageId: firstQuestion.id, text: 'Capital of Germany?' });
    await harness.waitForRunEnd(again.runId);
    expect(shown(model, 3)).toEqual(['user: Capital of Germany?']);
    expect(await versions(first.conversationId)).toEqual([
      ['user', 'Capital of France?', 'Capital of Germany?'],
      ['assistant', 'Paris.', 'Capital of Germany?'],
      // Already an earlier version of the edited second question: it stays one.
      ['user', 'Its population?', 'Population of France?'],
      ['assistant', 'About 2 million.', 'Population of France?'],
      ['user', 'Population of France?', 'Capital of Germany?'],
      ['assistant', 'About 67 million.', 'Capital of Germany?'],
      ['user', 'Capital of Germany?', null],
      ['assistant', 'Berlin.', null],
    ]);
  });

  it('refuses an answer, an empty text and a conversation with a run in progress', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['Paris.'] }, { chunks: ['slow', ' answer'], delayMs: 300 }]);
    harness = await startService({ model });
    const first = await send('Capital of France?');
    const detail = await harness.call('conversations.get', { id: first.conversationId });
    await expect(harness.call('chat.edit', { messageId: detail.messages[1]!.id, text: 'x' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.call('chat.edit', { messageId: detail.messages[0]!.id, text: '  ' })).rejects.toMatchObject({ code: 'invalid-request', message: 'The message is empty.' });

    const running = await harness.call('chat.send', { text: 'And Spain?', conversationId: first.conversationId });
    await expect(harness.call('chat.edit', { messageId: detail.messages[0]!.id, text: 'Capital of Italy?' })).rejects.toMatchObject({
      message: 'This conversation has a run in progress: stop it first.',
    });
    await expect(harness.call('chat.regenerate', { runId: first.runId })).rejects.toMatchObject({ code: 'invalid-request' });
    await harness.waitForRunEnd(running.runId);
  });
});
