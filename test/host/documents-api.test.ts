import { afterEach, describe, expect, it } from 'vitest';
import { ScriptedModel } from '../support/scripted-model.js';
import { runEventsOf, startService, type ServiceHarness } from './service-fixture.js';

/** documents.add, documents.list and documents.remove as the UI calls them (in memory; the parse worker runs from dist/). */
let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

const base64 = (text: string) => Buffer.from(text).toString('base64');
const notes = '# Visit\n\nThe nurse wrote to ann@example.com about the night shift.\n';

describe('documents of a conversation, through the API', () => {
  it('adds a file into a new conversation, reuses the index for the same bytes, lists, removes, and goes with the conversation', async () => {
    harness = await startService();
    const first = await harness.call('documents.add', { name: 'visit.md', contentBase64: base64(notes) });
    expect(first).toEqual({
      reused: false,
      document: {
        id: expect.any(String),
        conversationId: expect.any(String),
        name: 'visit.md',
        kind: 'markdown',
        title: 'Visit',
        contentHash: expect.stringMatching(/^[0-9a-f]{64}$/),
        byteCount: Buffer.byteLength(notes),
        chunkCount: 1,
        addedAt: expect.any(String),
      },
    });
    const { conversationId } = first.document;
    expect((await harness.call('conversations.list', {})).conversations.map((conversation) => [conversation.id, conversation.title])).toEqual([[conversationId, 'visit.md']]);
    expect(harness.events.some((event) => event.type === 'conversations-changed')).toBe(true);

    const again = await harness.call('documents.add', { conversationId, name: 'visit copy.md', contentBase64: base64(notes) });
    expect(again).toEqual({ reused: true, document: first.document });
    const other = await harness.call('documents.add', { conversationId, name: 'other.txt', contentBase64: base64('Another file.') });
    expect((await harness.call('documents.list', { conversationId })).documents.map((document) => document.name)).toEqual(['visit.md', 'other.txt']);

    expect(await harness.call('documents.remove', { id: other.document.id })).toEqual({ removed: true });
    expect(await harness.call('documents.remove', { id: other.document.id })).toEqual({ removed: false });
    expect((await harness.call('documents.list', { conversationId })).documents.map((document) => document.name)).toEqual(['visit.md']);

    expect(await harness.call('conversations.delete', { id: conversationId })).toEqual({ deleted: true });
    await expect(harness.call('documents.list', { conversationId })).rejects.toMatchObject({ code: 'invalid-request', message: `There is no conversation "${conversationId}".` });
  });

  it('reports the indexing of an upload passage by passage, and cancels it, keeping nothing of it', async () => {
    harness = await startService();
    const paragraphs = Array.from({ length: 12 }, (_, index) => `## Part ${index + 1}\n\n${'The committee met again and wrote down what it had decided. '.repeat(18)}`).join('\n\n');
    const added = await harness.call('documents.add', { name: 'minutes.md', contentBase64: base64(paragraphs), uploadId: 'upload-1' });
    const progress = harness.events.flatMap((event) => (event.type === 'document-progress' ? [event.progress] : []));
    const chunkCount = added.document.chunkCount;
    expect(chunkCount).toBeGreaterThan(3);
    expect(progress).toEqual([
      { uploadId: 'upload-1', stage: 'parsed', done: 0, chunkCount },
      ...Array.from({ length: chunkCount }, (_, index) => ({ uploadId: 'upload-1', stage: 'scanned', done: index + 1, chunkCount })),
    ]);

    // Cancelled as soon as it is parsed: the call fails as cancelled, and the conversation it made is gone.
    let cancelling: Promise<unknown> | undefined;
    const unsubscribe = harness.service.subscribe((event) => {
      if (event.type === 'document-progress' && event.progress.uploadId === 'upload-2' && event.progress.stage === 'parsed') {
        cancelling ??= harness!.call('documents.cancelAdd', { uploadId: 'upload-2' });
      }
    });
    await expect(harness.call('documents.add', { name: 'minutes copy.md', contentBase64: base64(`${paragraphs}\n\nOne more line.`), uploadId: 'upload-2' })).rejects.toMatchObject({ code: 'aborted' });
    unsubscribe();
    expect(await cancelling).toEqual({ cancelled: true });
    expect((await harness.call('conversations.list', {})).conversations.map((conversation) => conversation.title)).toEqual(['minutes.md']);
    expect(await harness.call('documents.cancelAdd', { uploadId: 'upload-2' })).toEqual({ cancelled: false });
  });

  it('refuses bad payloads and unreadable files with clear errors, leaving no conversation behind', async () => {
    harness = await startService();
    await expect(harness.service.call('documents.add', { name: 'a.txt', contentBase64: 'not base64!' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.service.call('documents.add', { name: '', contentBase64: base64('x') })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.call('documents.add', { conversationId: 'missing', name: 'a.txt', contentBase64: base64('x') })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'There is no conversation "missing".',
    });
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 1, 2, 3]).toString('base64');
    await expect(harness.call('documents.add', { name: 'photo.png', contentBase64: binary })).rejects.toMatchObject({
      code: 'invalid-request',
      message: '"photo.png" is a binary file, not text, and Baton cannot read it. Attach a PDF, Word document (.docx), web page, Markdown, text, CSV, JSON or source file.',
    });
    expect((await harness.call('conversations.list', {})).conversations).toEqual([]);
  });

  it('a message in a conversation with documents is answered from their passages, in one step', async () => {
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['To ann@example.com [visit.md, line 3].'] }]);
    harness = await startService({ model });
    const { document } = await harness.call('documents.add', { name: 'visit.md', contentBase64: base64(notes) });

    const sent = await harness.call('chat.send', { conversationId: document.conversationId, text: 'Whom did the nurse write to?' });
    const end = await harness.waitForRunEnd(sent.runId);

    expect(end).toMatchObject({ type: 'run-finished', answer: 'To ann@example.com [visit.md, line 3].' });
    expect(model.requests).toHaveLength(1);
    expect(model.requests[0]?.messages.at(-1)?.content).toBe(
      [
        'Answer the question from the document passages below only.',
        'Cite the passage of each statement by its heading in square brackets, like [visit.md, line 3]. If the passages do not answer it, say so.',
        '',
        'Question: Whom did the nurse write to?',
        '',
        "The person's whole request, for context:",
        'Whom did the nurse write to?',
        '',
        'Document "visit.md, line 3":',
        'The nurse wrote to ann@example.com about the night shift.',
      ].join('\n'),
    );
    // The passage the answer cites is kept with it and sent to the window, so it can show it.
    const citations = {
      from: 'answer',
      passages: [{ label: 'visit.md, line 3', document: 'visit.md', page: null, text: 'The nurse wrote to ann@example.com about the night shift.' }],
    };
    const recorded = await harness.waitForEvent((event) => event.type === 'message-citations');
    const detail = await harness.call('conversations.get', { id: document.conversationId });
    expect(detail.messages.map((message) => message.content)).toEqual(['Whom did the nurse write to?', 'To ann@example.com [visit.md, line 3].']);
    expect(detail.messages.map((message) => message.citations)).toEqual([null, citations]);
    expect(recorded).toEqual({ type: 'message-citations', runId: sent.runId, messageId: detail.messages[1]?.id, citations });
  });

  it('an answer that cites no passage keeps the passages it was given, and the run says the search was by keyword alone', async () => {
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['The nurse wrote to Ann.'] }]);
    harness = await startService({ model });
    const { document } = await harness.call('documents.add', { name: 'visit.md', contentBase64: base64(notes) });

    const sent = await harness.call('chat.send', { conversationId: document.conversationId, text: 'Whom did the nurse write to?' });
    await harness.waitForRunEnd(sent.runId);
    const recorded = await harness.waitForEvent((event) => event.type === 'message-citations');
    expect(recorded).toMatchObject({ citations: { from: 'retrieval', passages: [{ label: 'visit.md, line 3' }] } });
    expect(runEventsOf(harness.events, sent.runId).filter((event) => event.type === 'run-notice')).toEqual([
      { type: 'run-notice', runId: sent.runId, kind: 'documents', message: 'No embedding model is set up: the documents were searched by keyword alone.' },
    ]);
  });

  it('a message in a conversation without documents has no citations', async () => {
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['Hello.'] }]);
    harness = await startService({ model });
    const sent = await harness.call('chat.send', { text: 'Hi' });
    await harness.waitForRunEnd(sent.runId);
    const detail = await harness.call('conversations.get', { id: sent.conversationId });
    expect(detail.messages.map((message) => message.citations)).toEqual([null, null]);
    expect(harness.events.some((event) => event.type === 'message-citations')).toBe(false);
  });

  it('summarizes and compares the conversation\'s documents whole, part by part, as a chat turn', async () => {
    // Two parts (one per document), then the reduce step; the answers are the model's, in order.
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['Visit notes.'] }, { chunks: ['Bakery hours.'] }, { chunks: ['Two short notes.'] }, { chunks: ['A'] }, { chunks: ['B'] }, { chunks: ['They differ.'] }]);
    harness = await startService({ model });
    const first = await harness.call('documents.add', { name: 'visit.md', contentBase64: base64(notes) });
    const { conversationId } = first.document;
    await expect(harness.call('chat.send', { conversationId, text: '', analysis: 'compare' })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'Comparing needs at least two documents in the conversation.',
    });
    await harness.call('documents.add', { conversationId, name: 'bakery.md', contentBase64: base64('# Bakery\n\nThe bakery opens at nine.\n') });

    const summary = await harness.call('chat.send', { conversationId, text: '', analysis: 'summarize' });
    expect(await harness.waitForRunEnd(summary.runId)).toMatchObject({ type: 'run-finished', answer: 'Two short notes.' });
    const parts = runEventsOf(harness.events, summary.runId).filter((event) => event.type === 'subtask-finished').map((event) => (event as { subtaskId: string }).subtaskId);
    expect(parts.sort()).toEqual(['m1', 'm2', 'reduce']);
    expect(model.requests[0]?.messages.at(-1)?.content).toContain('The nurse wrote to ann@example.com about the night shift.');

    const comparison = await harness.call('chat.send', { conversationId, text: 'opening hours', analysis: 'compare' });
    expect(await harness.waitForRunEnd(comparison.runId)).toMatchObject({ type: 'run-finished', answer: 'They differ.' });
    const detail = await harness.call('conversations.get', { id: conversationId });
    expect(detail.messages.filter((message) => message.role === 'user').map((message) => message.content)).toEqual([
      'Summarize "visit.md", "bakery.md".',
      'Compare "visit.md" and "bakery.md", focusing on: opening hours',
    ]);
  });

  it('refuses to summarize a conversation without documents, with a message that says what to do', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:reader', []) });
    await expect(harness.call('chat.send', { text: '', analysis: 'summarize' })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'This conversation has no documents to summarize: drop a PDF or Word file in first.',
    });
    await expect(harness.call('chat.send', { text: '  ' })).rejects.toMatchObject({ code: 'invalid-request', message: 'The message is empty.' });
  });
});
