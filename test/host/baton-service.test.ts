import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { partialPathOf } from '../../electron/core/models/model-downloader.js';
import { apiContract, type ApiEvent } from '../../electron/shared/api.js';
import type { ConsentEditing } from '../../electron/core/privacy/consent-prompter.js';
import type { ConsentEdits, ConsentRequest, Span } from '../../electron/shared/privacy.js';
import { createBaton, type Baton, type BatonOptions } from '../../electron/core/app.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import type { VaultStore } from '../../electron/core/privacy/vault-store.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { openDatabase } from '../../electron/core/storage/database.js';
import { MemorySecretStore } from '../../electron/core/service/secret-store.js';
import { storiesModelPath } from '../support/local-model-fixture.js';
import { loadNerCatalog } from '../../electron/core/privacy/ner/ner-catalog.js';
import { fakeNerRepositoryFiles, startFakeHuggingFaceServer } from '../support/fake-hugging-face-server.js';
import { startModelFileServer } from '../support/model-file-server.js';
import { ScriptedModel } from '../support/scripted-model.js';
import { runEventsOf, startService, type ServiceHarness } from './service-fixture.js';

const tinyNerPath = fileURLToPath(new URL('../../../shared/models/tiny-pii-ner', import.meta.url));

let harness: ServiceHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

function consentRequest(id: string): ConsentRequest {
  return {
    id,
    conversationId: 'c1',
    provider: 'anthropic',
    modelId: 'anthropic:claude-haiku-4-5',
    payload: [{ role: 'user', content: 'Write to <EMAIL_1> about the plan.' }],
    placeholders: [{ placeholder: '<EMAIL_1>', type: 'EMAIL', value: 'ann@example.com', releasable: false }],
    estimatedCostUsd: 0.0001,
    redactions: [{ type: 'EMAIL', count: 1 }],
    sensitiveTopics: [],
    warnings: [],
    images: [],
  };
}

describe('chat', () => {
  it('chat.send answers with the run and conversation ids at once; the run streams as events', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:writer', [{ chunks: ['Hello', ', ', 'world'], delayMs: 5 }]) });
    const sent = await harness.call('chat.send', { text: 'Say hello' });
    expect(sent).toEqual({ runId: expect.any(String), conversationId: expect.any(String) });
    const end = await harness.waitForRunEnd(sent.runId);
    expect(end).toMatchObject({ type: 'run-finished', answer: 'Hello, world' });
    const types = runEventsOf(harness.events, sent.runId).map((event) => event.type);
    expect(types).toEqual([
      'run-started',
      'plan-created',
      'subtask-routed',
      'subtask-delta',
      'answer-delta',
      'subtask-delta',
      'answer-delta',
      'subtask-delta',
      'answer-delta',
      'subtask-finished',
      'run-finished',
    ]);

    const detail = await harness.call('conversations.get', { id: sent.conversationId });
    expect(apiContract['conversations.get'].response.parse(detail)).toBeTruthy();
    expect(detail.messages.map((message) => [message.role, message.content, message.status])).toEqual([
      ['user', 'Say hello', 'complete'],
      ['assistant', 'Hello, world', 'complete'],
    ]);
    expect(detail.runs).toHaveLength(1);
    expect(detail.runs[0]).toMatchObject({ id: sent.runId, status: 'finished', subtasks: [{ key: 's1', modelId: 'scripted:writer', reason: 'the test model' }] });
    // The run view after a reload: events are kept, without the deltas.
    expect(detail.runs[0]!.events.map((event) => event.type)).toEqual(['run-started', 'plan-created', 'subtask-routed', 'subtask-finished', 'run-finished']);
    const streamed = runEventsOf(harness.events, sent.runId).filter((event) => event.type !== 'answer-delta' && event.type !== 'subtask-delta');
    expect(detail.runs[0]!.events).toEqual(streamed);

    // Stored, not kept in memory: after a restart the run view shows the same story.
    await harness.restart();
    const afterRestart = await harness.call('conversations.get', { id: sent.conversationId });
    expect(afterRestart.runs[0]!.events).toEqual(streamed);
  });

  it('attachments become part of the message, fenced under their names', async () => {
    const model = new ScriptedModel('scripted:reader', [{ chunks: ['Read it.'] }]);
    harness = await startService({ model });
    const sent = await harness.call('chat.send', { text: 'Summarise this', attachments: [{ name: 'notes.txt', text: 'Meet at ```noon```.\n' }] });
    await harness.waitForRunEnd(sent.runId);
    const prompt = model.requests[0]!.messages.at(-1)!.content;
    expect(prompt).toBe('Summarise this\n\n**Attached file: notes.txt**\n\n````\nMeet at ```noon```.\n````');
  });

  it('continues a conversation, and refuses an unknown one or an empty message', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['ok'] }]) });
    const first = await harness.call('chat.send', { text: 'One' });
    await harness.waitForRunEnd(first.runId);
    const second = await harness.call('chat.send', { text: 'Two', conversationId: first.conversationId });
    expect(second.conversationId).toBe(first.conversationId);
    await harness.waitForRunEnd(second.runId);
    await expect(harness.call('chat.send', { text: 'Three', conversationId: 'nope' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.call('chat.send', { text: '   ' })).rejects.toMatchObject({ code: 'invalid-request' });
  });

  it('an answer length belongs to its conversation: a regenerated answer keeps it, a message without one goes back to Settings', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['ok'] }]);
    harness = await startService({ model: () => model });
    await harness.call('settings.update', { patch: { maxAnswerTokens: 300 } });
    const first = await harness.call('chat.send', { text: 'One', maxTokens: 64 });
    await harness.waitForRunEnd(first.runId);
    expect((await harness.call('conversations.get', { id: first.conversationId })).conversation.maxAnswerTokens).toBe(64);

    const again = await harness.call('chat.regenerate', { runId: first.runId });
    await harness.waitForRunEnd(again.runId);
    const second = await harness.call('chat.send', { text: 'Two', conversationId: first.conversationId });
    await harness.waitForRunEnd(second.runId);
    expect((await harness.call('conversations.get', { id: first.conversationId })).conversation.maxAnswerTokens).toBeNull();
    // The model was asked for the conversation's length, then the app-wide one.
    expect(model.requests.map((request) => request.maxTokens)).toEqual([64, 64, 300]);
  });

  it('chat.cancel stops a run; the partial answer is kept as incomplete', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:slow', [{ chunks: ['one ', 'two ', 'three ', 'four ', 'five'], delayMs: 40 }]) });
    const sent = await harness.call('chat.send', { text: 'Count' });
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'run-event' && event.event.type === 'answer-delta');
    expect(await harness.call('chat.cancel', { runId: sent.runId })).toEqual({ cancelled: true });
    const end = await harness.waitForRunEnd(sent.runId);
    expect(end).toMatchObject({ type: 'run-finished', finishReason: 'aborted' });
    const detail = await harness.call('conversations.get', { id: sent.conversationId });
    expect(detail.runs[0]!.status).toBe('cancelled');
    expect(detail.messages[1]!.status).toBe('incomplete');
    expect(await harness.call('chat.cancel', { runId: sent.runId })).toEqual({ cancelled: false });
  });

  it('a failing model: a run-failed event, and the service keeps serving', async () => {
    const { BatonError } = await import('../../electron/shared/errors.js');
    harness = await startService({
      model: () => new ScriptedModel('scripted:broken', [{ chunks: ['par'], error: new BatonError('server-error', 'The model broke.') }]),
    });
    const sent = await harness.call('chat.send', { text: 'Hi' });
    expect(await harness.waitForRunEnd(sent.runId)).toMatchObject({ type: 'run-failed', error: { code: 'server-error' }, partialAnswer: 'par' });
    expect((await harness.call('conversations.list', {})).conversations).toHaveLength(1);
  });

  it('the real local model answers through the service (stories260K)', async () => {
    harness = await startService();
    copyFileSync(storiesModelPath, join(harness.modelsDir, 'stories260K.gguf'));
    const sent = await harness.call('chat.send', { text: 'Once upon a time', maxTokens: 16 });
    const end = await harness.waitForRunEnd(sent.runId, 60_000);
    expect(end).toMatchObject({ type: 'run-finished', usage: { outputTokens: 16 } });
    const deltas = runEventsOf(harness.events, sent.runId).filter((event) => event.type === 'answer-delta');
    expect(deltas.length).toBeGreaterThan(1);
    const models = await harness.call('models.list', {});
    expect(models.downloaded).toEqual([{ id: 'stories260K', fileName: 'stories260K.gguf', bytes: expect.any(Number), fromCatalog: false, loaded: true }]);
    expect(models.listings.map((listing) => listing.id)).toContain('local:stories260K');
    expect(models.runtime).toMatchObject({ backend: 'cpu', gpuRequested: false, cpuFallbackReason: null });
    expect(models.runtime!.loadedModels[0]).toMatchObject({ threads: 1 });
    expect(models.catalog.length).toBeGreaterThan(0);
  });
});

describe('conversations', () => {
  it('lists with search, exports as Markdown and JSON, deletes', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['An answer about ', 'tides.'] }]) });
    const first = await harness.call('chat.send', { text: 'Tell me about the moon' });
    await harness.waitForRunEnd(first.runId);
    const second = await harness.call('chat.send', { text: 'Tell me about bread' });
    await harness.waitForRunEnd(second.runId);

    expect((await harness.call('conversations.list', {})).conversations.map((c) => c.title)).toEqual(['Tell me about bread', 'Tell me about the moon']);
    expect((await harness.call('conversations.list', { search: 'moon' })).conversations.map((c) => c.id)).toEqual([first.conversationId]);
    expect((await harness.call('conversations.list', { search: 'tides' })).conversations).toHaveLength(2);

    const markdown = await harness.call('conversations.export', { id: first.conversationId, format: 'markdown' });
    expect(markdown.fileName).toBe('Tell-me-about-the-moon.md');
    expect(markdown.mimeType).toBe('text/markdown');
    expect(markdown.content).toContain('# Tell me about the moon');
    expect(markdown.content).toContain('## You\n\nTell me about the moon');
    expect(markdown.content).toContain('## Baton (scripted:writer)\n\nAn answer about tides.');
    const json = await harness.call('conversations.export', { id: first.conversationId, format: 'json' });
    const exported = JSON.parse(json.content);
    expect(exported).toMatchObject({ format: 'baton-conversation', conversation: { id: first.conversationId }, runs: [{ id: first.runId, subtasks: [{ key: 's1' }] }] });
    expect(exported.messages).toHaveLength(2);

    expect(await harness.call('conversations.delete', { id: first.conversationId })).toEqual({ deleted: true });
    expect(await harness.call('conversations.delete', { id: first.conversationId })).toEqual({ deleted: false });
    await expect(harness.call('conversations.get', { id: first.conversationId })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(harness.events.some((event) => event.type === 'conversations-changed')).toBe(true);
  });

  it('deletes all data only when confirmed', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['An answer.'] }]) });
    for (const text of ['First question', 'Second question']) {
      const sent = await harness.call('chat.send', { text });
      await harness.waitForRunEnd(sent.runId);
    }
    expect((await harness.call('stats.outcomes', {})).outcomes).toHaveLength(1);

    await expect(harness.service.call('conversations.deleteAll', {})).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.service.call('conversations.deleteAll', { confirm: 'yes' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.service.call('conversations.deleteAll', { confirm: true, also: 1 })).rejects.toMatchObject({ code: 'invalid-request' });
    expect((await harness.call('conversations.list', {})).conversations).toHaveLength(2);

    harness.events.length = 0;
    expect(await harness.call('conversations.deleteAll', { confirm: true })).toEqual({ deleted: 2 });
    expect((await harness.call('conversations.list', {})).conversations).toEqual([]);
    expect((await harness.call('stats.outcomes', {})).outcomes).toEqual([]);
    expect(harness.events).toContainEqual({ type: 'conversations-changed' });
    expect(await harness.call('conversations.deleteAll', { confirm: true })).toEqual({ deleted: 0 });
  });

  it('keeps the hashed features of each answer\'s outcome, and deletes them with the conversation', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['An answer.'] }]) });
    const first = await harness.call('chat.send', { text: 'Tell me about the moon' });
    await harness.waitForRunEnd(first.runId);
    const second = await harness.call('chat.send', { text: 'Tell me about bread' });
    await harness.waitForRunEnd(second.runId);
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'conversations-changed');
    const { database } = (harness.service as unknown as { baton: Baton }).baton;
    const kept = () => database.connection.prepare('SELECT outcome_id AS outcomeId FROM outcome_features ORDER BY rowid').all();
    // Learned (and kept) once the answer is on its way, in the turn after the run ends.
    await expect.poll(() => kept()).toHaveLength(2);
    expect(kept()).toEqual(database.outcomes.list().map((outcome) => ({ outcomeId: outcome.id })));

    expect(await harness.call('conversations.delete', { id: first.conversationId })).toEqual({ deleted: true });
    expect(kept()).toEqual([{ outcomeId: database.outcomeFeatures.ofRun(second.runId)[0]?.outcome.id }]);
  });

  it('forgets a deleted conversation\'s vault in memory: its values cannot be read back, nor reach a new conversation', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:writer', [{ chunks: ['An answer.'] }]) });
    const first = await harness.call('chat.send', { text: 'First question' });
    await harness.waitForRunEnd(first.runId);
    // Published once the run has let go of the service, a moment after its last run event.
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'conversations-changed');
    const baton = (harness.service as unknown as { baton: Baton }).baton;
    // The store the cloud boundary redacts through, which keeps loaded vaults in memory.
    const vaults = (baton.privacy.boundary as unknown as { options: { vaults: VaultStore } }).options.vaults;
    const vault = vaults.get(first.conversationId);
    const placeholder = vault.placeholderFor('ada@example.com', 'EMAIL');
    vaults.save(first.conversationId, vault);
    expect(vaults.get(first.conversationId).values()).toEqual(['ada@example.com']);

    expect(await harness.call('conversations.delete', { id: first.conversationId })).toEqual({ deleted: true });
    expect(vaults.get(first.conversationId).values()).toEqual([]);
    expect(vaults.get(first.conversationId).restore(placeholder)).not.toContain('ada@example.com');

    const second = await harness.call('chat.send', { text: 'Second question' });
    await harness.waitForRunEnd(second.runId);
    expect(vaults.get(second.conversationId).values()).toEqual([]);
    expect(JSON.stringify(baton.database.settings.all())).not.toContain('ada@example.com');
  });

  it('refuses to delete all data while a run is in progress', async () => {
    harness = await startService({ model: new ScriptedModel('scripted:slow', [{ chunks: ['one ', 'two ', 'three ', 'four ', 'five'], delayMs: 40 }]) });
    const sent = await harness.call('chat.send', { text: 'Count' });
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'run-event' && event.event.type === 'answer-delta');

    await expect(harness.call('conversations.deleteAll', { confirm: true })).rejects.toMatchObject({
      code: 'invalid-request',
      message: 'A run is in progress: stop it first.',
    });

    harness.events.length = 0;
    await harness.call('chat.cancel', { runId: sent.runId });
    // Published once the run has let go of the service, a moment after its last run event.
    await harness.waitForEvent((event): event is ApiEvent => event.type === 'conversations-changed');
    expect(await harness.call('conversations.deleteAll', { confirm: true })).toEqual({ deleted: 1 });
  });
});

describe('consent', () => {
  it('publishes the request and resolves with the answer given through consent.respond', async () => {
    harness = await startService();
    const decision = harness.service.consentPrompter(consentRequest('r1'), new AbortController().signal);
    const asked = await harness.waitForEvent((event): event is Extract<ApiEvent, { type: 'consent-requested' }> => event.type === 'consent-requested');
    expect(asked.request).toEqual(consentRequest('r1'));
    expect(await harness.call('consent.respond', { requestId: 'r1', decision: 'allow-conversation' })).toEqual({ accepted: true });
    await expect(decision).resolves.toBe('allow-conversation');
    expect(harness.events.at(-1)).toEqual({ type: 'consent-closed', requestId: 'r1', decision: 'allow-conversation' });
    // Answered once only.
    expect(await harness.call('consent.respond', { requestId: 'r1', decision: 'deny' })).toEqual({ accepted: false });
  });

  it('denies when the run is cancelled (the signal), when nobody answers in time, and when nobody is there to ask', async () => {
    harness = await startService({ consentTimeoutMs: 50 });
    const controller = new AbortController();
    const cancelled = harness.service.consentPrompter(consentRequest('r2'), controller.signal);
    controller.abort();
    await expect(cancelled).resolves.toBe('deny');
    await expect(harness.service.consentPrompter(consentRequest('r3'), new AbortController().signal)).resolves.toBe('deny');
    expect(harness.events.filter((event) => event.type === 'consent-closed')).toEqual([
      { type: 'consent-closed', requestId: 'r2', decision: 'deny' },
      { type: 'consent-closed', requestId: 'r3', decision: 'deny' },
    ]);
    await expect(harness.call('consent.respond', { requestId: 'r3', decision: 'allow-once' })).resolves.toEqual({ accepted: false });
  });

  it('a window that subscribes while a request waits is shown it; with no listener a request is denied at once', async () => {
    harness = await startService();
    const pending = harness.service.consentPrompter(consentRequest('r4'), new AbortController().signal);
    const late: ApiEvent[] = [];
    const unsubscribe = harness.service.subscribe((event) => late.push(event));
    expect(late).toEqual([{ type: 'consent-requested', request: consentRequest('r4') }]);
    unsubscribe();
    await harness.call('consent.respond', { requestId: 'r4', decision: 'deny' });
    await expect(pending).resolves.toBe('deny');

    const { BatonService } = await import('../../electron/core/service/baton-service.js');
    const { resolvePaths } = await import('../../electron/core/paths.js');
    const alone = new BatonService({ baton: { paths: resolvePaths({ BATON_DATA_DIR: join(harness.dataDir, 'alone') }), environment: {} } });
    try {
      await expect(alone.consentPrompter(consentRequest('r5'), new AbortController().signal)).resolves.toBe('deny');
    } finally {
      await alone.close();
    }
  });
});

/**
 * createBaton with a stand-in for the shipped entity classifier (it finds "Ann Lee"), so a run
 * through the real boundary does not depend on models/entity-classifier.
 */
function withStandInEntityClassifier(options: BatonOptions): Baton {
  const baton = createBaton(options);
  const standIn: Recognizer = {
    name: 'entity-classifier',
    analyze: (text) => [...text.matchAll(/Ann Lee/g)].map((match): Span => ({ type: 'PERSON', start: match.index, end: match.index + 7, score: 0.9, source: 'entity-classifier' })),
  };
  const analyzer = new Analyzer(createPatternRecognizers(), { entityRecognizers: [standIn], allowList: baton.settings.allowList, denyList: baton.settings.denyList });
  // The boundary and the conductor's privacy check both call this instance.
  baton.privacy.analyzer.analyze = (text) => analyzer.analyze(text);
  return baton;
}

describe('consent edits', () => {
  /** A request with a releasable name and a card that is never releasable. */
  function editableRequest(id: string): ConsentRequest {
    return {
      ...consentRequest(id),
      payload: [{ role: 'user', content: 'Tell ⟦PERSON_1⟧ about Falcon; card ⟦CREDIT_CARD_1⟧.' }],
      placeholders: [
        { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', releasable: true },
        { placeholder: '⟦CREDIT_CARD_1⟧', type: 'CREDIT_CARD', value: '4111 1111 1111 1111', releasable: false },
      ],
    };
  }

  /** Stands in for the boundary's rebuild: records the edits it was asked to preview. */
  function recordingEditing() {
    const previewed: ConsentEdits[] = [];
    const editing: ConsentEditing = {
      preview: async (edits) => {
        previewed.push(edits);
        return {
          payload: [{ role: 'user', content: 'Tell Ann Lee about ⟦CUSTOM_1⟧; card ⟦CREDIT_CARD_1⟧.' }],
          placeholders: [
            { placeholder: '⟦CUSTOM_1⟧', type: 'CUSTOM', value: 'Falcon', releasable: false },
            { placeholder: '⟦CREDIT_CARD_1⟧', type: 'CREDIT_CARD', value: '4111 1111 1111 1111', releasable: false },
          ],
          redactions: [
            { type: 'CUSTOM', count: 1 },
            { type: 'CREDIT_CARD', count: 1 },
          ],
          estimatedCostUsd: 0.0001,
        };
      },
    };
    return { editing, previewed };
  }

  it('through chat.send and the real boundary: the preview is what the cloud model receives, and the answer is restored', async () => {
    const cloud = new ScriptedModel('anthropic:claude-haiku-4-5', [{ chunks: ['Noted: ⟦CUSTOM_1⟧ is on track.'] }], 'cloud');
    harness = await startService({ model: cloud, createBaton: withStandInEntityClassifier });
    const sent = await harness.call('chat.send', { text: 'How is Falcon going, Ann Lee? Mail ann@example.com.' });
    const asked = await harness.waitForEvent((event): event is Extract<ApiEvent, { type: 'consent-requested' }> => event.type === 'consent-requested');
    expect(asked.request.payload.at(-1)).toEqual({ role: 'user', content: 'How is Falcon going, ⟦PERSON_1⟧? Mail ⟦EMAIL_1⟧.' });
    expect(asked.request.placeholders).toEqual([
      { placeholder: '⟦PERSON_1⟧', type: 'PERSON', value: 'Ann Lee', releasable: true },
      { placeholder: '⟦EMAIL_1⟧', type: 'EMAIL', value: 'ann@example.com', releasable: false },
    ]);
    const edits = { redact: ['Falcon'], release: ['Ann Lee'] };
    const preview = await harness.call('consent.preview', { requestId: asked.request.id, edits });
    expect(preview.payload.at(-1)).toEqual({ role: 'user', content: 'How is ⟦CUSTOM_1⟧ going, Ann Lee? Mail ⟦EMAIL_1⟧.' });
    expect(await harness.call('consent.respond', { requestId: asked.request.id, decision: 'allow-once', edits })).toEqual({ accepted: true });
    const end = await harness.waitForRunEnd(sent.runId);
    expect(cloud.requests).toHaveLength(1);
    expect(cloud.requests[0]!.messages.map(({ role, content }) => ({ role, content }))).toEqual(preview.payload);
    expect(end).toMatchObject({ type: 'run-finished', answer: 'Noted: Falcon is on track.' });
  });

  it('consent.preview asks the boundary for the rebuilt payload; consent.respond hands the edits back with the answer', async () => {
    harness = await startService();
    const { editing, previewed } = recordingEditing();
    const answer = harness.service.consentPrompter(editableRequest('e1'), new AbortController().signal, editing);
    const edits = { redact: ['Falcon'], release: ['Ann Lee'] };
    const preview = await harness.call('consent.preview', { requestId: 'e1', edits });
    expect(preview.payload).toEqual([{ role: 'user', content: 'Tell Ann Lee about ⟦CUSTOM_1⟧; card ⟦CREDIT_CARD_1⟧.' }]);
    expect(previewed).toEqual([edits]);
    expect(await harness.call('consent.respond', { requestId: 'e1', decision: 'allow-once', edits })).toEqual({ accepted: true });
    await expect(answer).resolves.toEqual({ decision: 'allow-once', edits });
  });

  it('terms to redact are trimmed; no edits, or a deny, answer with the bare decision', async () => {
    harness = await startService();
    const first = harness.service.consentPrompter(editableRequest('e2'), new AbortController().signal, recordingEditing().editing);
    await harness.call('consent.respond', { requestId: 'e2', decision: 'allow-once', edits: { redact: ['  Falcon '], release: [] } });
    await expect(first).resolves.toEqual({ decision: 'allow-once', edits: { redact: ['Falcon'], release: [] } });
    const second = harness.service.consentPrompter(editableRequest('e3'), new AbortController().signal, recordingEditing().editing);
    await harness.call('consent.respond', { requestId: 'e3', decision: 'allow-conversation', edits: { redact: [], release: [] } });
    await expect(second).resolves.toBe('allow-conversation');
    const third = harness.service.consentPrompter(editableRequest('e4'), new AbortController().signal, recordingEditing().editing);
    await harness.call('consent.respond', { requestId: 'e4', decision: 'deny', edits: { redact: ['Falcon'], release: [] } });
    await expect(third).resolves.toBe('deny');
  });

  it('refuses a release of a value that is not releasable, in the preview and the answer; the request keeps waiting', async () => {
    harness = await startService();
    const { editing, previewed } = recordingEditing();
    const answer = harness.service.consentPrompter(editableRequest('e5'), new AbortController().signal, editing);
    const card = { redact: [], release: ['4111 1111 1111 1111'] };
    const refusal = 'One value cannot be sent as it is: only names, places, organisations and street addresses that the entity classifier redacted in this request can be released. Cards, IBANs, keys, e-mail addresses and other pattern values never are.';
    await expect(harness.call('consent.preview', { requestId: 'e5', edits: card })).rejects.toMatchObject({ code: 'invalid-request', message: refusal });
    await expect(harness.call('consent.respond', { requestId: 'e5', decision: 'allow-once', edits: card })).rejects.toMatchObject({ code: 'invalid-request', message: refusal });
    await expect(
      harness.call('consent.respond', { requestId: 'e5', decision: 'allow-once', edits: { redact: [], release: ['Ann Lee', 'Bob Stone', 'ann@example.com'] } }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^2 values cannot be sent as they are/) });
    expect(previewed).toEqual([]);
    // Still waiting: a valid answer settles it.
    expect(await harness.call('consent.respond', { requestId: 'e5', decision: 'allow-once' })).toEqual({ accepted: true });
    await expect(answer).resolves.toBe('allow-once');
    await expect(harness.call('consent.preview', { requestId: 'e5', edits: { redact: ['x'], release: [] } })).rejects.toMatchObject({
      message: 'This consent request is no longer waiting (answered elsewhere, timed out or cancelled).',
    });
  });

  it('refuses malformed edits at the API: too many, too long, empty, unknown fields', async () => {
    harness = await startService();
    const answer = harness.service.consentPrompter(editableRequest('e6'), new AbortController().signal, recordingEditing().editing);
    const malformed = [
      { redact: ['x'.repeat(501)], release: [] },
      { redact: Array.from({ length: 101 }, (_, index) => `term ${index}`), release: [] },
      { redact: [''], release: [] },
      { redact: [], release: [''] },
      { redact: [], release: [], send: ['Ann Lee'] },
      { redact: 'Falcon', release: [] },
    ];
    for (const edits of malformed) {
      await expect(harness.service.call('consent.respond', { requestId: 'e6', decision: 'allow-once', edits })).rejects.toMatchObject({ code: 'invalid-request' });
      await expect(harness.service.call('consent.preview', { requestId: 'e6', edits })).rejects.toMatchObject({ code: 'invalid-request' });
    }
    await harness.call('consent.respond', { requestId: 'e6', decision: 'deny' });
    await expect(answer).resolves.toBe('deny');
  });

  it('a request that cannot be edited refuses edits but takes a plain answer', async () => {
    harness = await startService();
    const answer = harness.service.consentPrompter(editableRequest('e7'), new AbortController().signal);
    await expect(harness.call('consent.respond', { requestId: 'e7', decision: 'allow-once', edits: { redact: ['Falcon'], release: [] } })).rejects.toMatchObject({
      message: 'This consent request cannot be edited: answer it without changes.',
    });
    await harness.call('consent.respond', { requestId: 'e7', decision: 'allow-once' });
    await expect(answer).resolves.toBe('allow-once');
  });
});

describe('settings', () => {
  it('say where the database key is kept (the tests turn the keychain off: a key file beside the data folder)', async () => {
    harness = await startService();
    const view = await harness.call('settings.get', {});
    expect(view.databaseEncryption).toEqual({
      keyStorage: 'file',
      keyFilePath: `${harness.dataDir}-database.key`,
      notice: expect.stringMatching(/not in a keychain/),
    });
  });

  it('API keys are write-only: reported as set, never returned; stored in the settings table by default', async () => {
    harness = await startService();
    const before = await harness.call('settings.get', {});
    expect(before.secretStorage).toBe('database');
    expect(before.secrets).toContainEqual({ key: 'anthropicApiKey', set: false });
    expect(before.values).toMatchObject({ cloudMaxRetries: 2, anthropicModels: expect.any(Array) });
    expect(before.schema).toMatchObject({ type: 'object', properties: { cloudMaxRetries: { type: 'integer' } } });

    const after = await harness.call('settings.update', {
      patch: {
        anthropicApiKey: 'sk-ant-secret-value',
        cloudMaxRetries: 5,
        compatibleServers: [{ name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', apiKey: 'server-secret' }],
      },
    });
    expect(JSON.stringify(after)).not.toContain('sk-ant-secret-value');
    expect(JSON.stringify(after)).not.toContain('server-secret');
    expect(after.secrets).toContainEqual({ key: 'anthropicApiKey', set: true });
    expect(after.secrets).toContainEqual({ key: 'compatibleServers.ollama.apiKey', set: true });
    expect(after.values).toMatchObject({ cloudMaxRetries: 5, compatibleServers: [{ name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1', models: [] }] });
    expect(harness.events.some((event) => event.type === 'settings-changed' && event.settings.values.cloudMaxRetries === 5)).toBe(true);

    // A server sent back without its key keeps it; null clears a key.
    await harness.call('settings.update', { patch: { compatibleServers: [{ name: 'ollama', baseUrl: 'http://127.0.0.1:11435/v1' }] } });
    const kept = await harness.call('settings.update', { patch: { anthropicApiKey: null } });
    expect(kept.secrets).toContainEqual({ key: 'compatibleServers.ollama.apiKey', set: true });
    expect(kept.secrets).toContainEqual({ key: 'anthropicApiKey', set: false });

    await harness.restart();
    const restarted = await harness.call('settings.get', {});
    expect(restarted.values).toMatchObject({ cloudMaxRetries: 5, compatibleServers: [{ baseUrl: 'http://127.0.0.1:11435/v1' }] });
    expect(restarted.secrets).toContainEqual({ key: 'compatibleServers.ollama.apiKey', set: true });
  });

  it('shows the entity detectors and what they cover; changed privacy lists and NER model rebuild the shield', async () => {
    const classifier = join(mkdtempSync(join(tmpdir(), 'baton-classifier-')), 'entity-classifier');
    mkdirSync(join(classifier, 'gazetteers'), { recursive: true });
    writeFileSync(join(classifier, 'layout.json'), '{}');
    const made: Baton[] = [];
    harness = await startService({
      baton: { entityClassifierPath: classifier },
      createBaton: (options) => {
        const baton = createBaton(options);
        made.push(baton);
        return baton;
      },
    });
    const before = await harness.call('settings.get', {});
    expect(before.entityDetectors).toEqual([
      {
        kind: 'entity-classifier',
        path: classifier,
        covers: ['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS'],
        problem: 'model.onnx missing: cloud calls are blocked until the classifier is complete.',
      },
    ]);

    writeFileSync(join(classifier, 'model.onnx'), '');
    const after = await harness.call('settings.update', { patch: { denyList: ['Falcon'], allowList: ['Acme'], nerModelPath: tinyNerPath } });
    expect(after.values).toMatchObject({ denyList: ['Falcon'], allowList: ['Acme'] });
    expect(after.entityDetectors).toEqual([
      { kind: 'entity-classifier', path: classifier, covers: ['PERSON', 'LOCATION', 'ORGANIZATION', 'STREET_ADDRESS'], problem: null },
      { kind: 'ner-model', path: tinyNerPath, covers: ['EMAIL', 'PHONE', 'PERSON', 'LOCATION'], problem: null },
    ]);
    // A new Baton, and so a new analyzer, was made with the lists (app.ts hands them to the Analyzer).
    expect(made).toHaveLength(2);
    expect(made[1]!.settings).toMatchObject({ denyList: ['Falcon'], allowList: ['Acme'], nerModelPath: tinyNerPath });
    expect(made[1]!.privacy.nerModelPath).toBe(tinyNerPath);
    expect(harness.events.filter((event) => event.type === 'settings-changed').at(-1)).toEqual({ type: 'settings-changed', settings: after });
  });

  it('an invalid change is refused whole, with the reason; unknown fields are refused', async () => {
    harness = await startService();
    await expect(harness.call('settings.update', { patch: { cloudMaxRetries: 99, localThreads: 2 } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('cloudMaxRetries'),
    });
    await expect(harness.call('settings.update', { patch: { colour: 'blue' } })).rejects.toMatchObject({ message: 'Unknown settings: colour.' });
    // Two servers of one name could not both be addressed (compatible:NAME/MODEL).
    const twins = [
      { name: 'ollama', baseUrl: 'http://127.0.0.1:11434/v1' },
      { name: 'ollama', baseUrl: 'http://127.0.0.1:11435/v1' },
    ];
    await expect(harness.call('settings.update', { patch: { compatibleServers: twins } })).rejects.toMatchObject({
      code: 'invalid-request',
      message: expect.stringContaining('Each OpenAI-compatible server needs a name of its own.'),
    });
    expect((await harness.call('settings.get', {})).values.cloudMaxRetries).toBe(2);
    const sent = await harness.call('chat.send', { text: 'Still working?' }).catch((error: unknown) => error);
    // The refused change left the service as it was: it still answers (here: no model is downloaded).
    expect(sent).toMatchObject({ code: 'model-not-found' });
  });

  it('with a secret store (the OS keychain in Electron), keys never reach the settings table', async () => {
    const secrets = new MemorySecretStore();
    harness = await startService({ secrets });
    const view = await harness.call('settings.update', {
      patch: { openaiApiKey: 'sk-openai-secret', compatibleServers: [{ name: 'lab', baseUrl: 'http://127.0.0.1:8000/v1', apiKey: 'lab-secret' }] },
    });
    expect(view.secretStorage).toBe('os-keychain');
    expect(secrets.all()).toEqual({ openaiApiKey: 'sk-openai-secret', 'compatibleServers.lab.apiKey': 'lab-secret' });
    await harness.service.close();
    const database = openDatabase(join(harness.dataDir, 'baton.sqlite'));
    try {
      const raw = JSON.stringify(database.settings.all());
      expect(raw).not.toContain('secret');
      expect(raw).toContain('http://127.0.0.1:8000/v1');
    } finally {
      database.close();
    }
    await harness.restart({ secrets });
    expect((await harness.call('settings.get', {})).secrets).toContainEqual({ key: 'compatibleServers.lab.apiKey', set: true });
  });

  it('new settings reach new runs: the default model is read from the renewed Baton', async () => {
    harness = await startService();
    copyFileSync(storiesModelPath, join(harness.modelsDir, 'stories260K.gguf'));
    await harness.call('settings.update', { patch: { defaultModel: 'local:does-not-exist' } });
    await expect(harness.call('chat.send', { text: 'Hi' })).rejects.toMatchObject({ code: 'model-not-found' });
    await harness.call('settings.update', { patch: { defaultModel: 'local:stories260K' } });
    const sent = await harness.call('chat.send', { text: 'Hi', maxTokens: 4 });
    expect(await harness.waitForRunEnd(sent.runId, 60_000)).toMatchObject({ type: 'run-finished' });
  });
});

describe('privacy', () => {
  it('reads and changes the policy and the offline switch; offline refuses a cloud model', async () => {
    harness = await startService({ environment: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    expect(await harness.call('privacy.get', {})).toMatchObject({ policy: 'ask', offline: false });
    const offline = await harness.call('privacy.update', { offline: true });
    expect(offline).toMatchObject({ offline: true });
    await expect(harness.call('chat.send', { text: 'Hi', modelId: 'anthropic:claude-haiku-4-5' })).rejects.toMatchObject({ code: 'offline' });
    await harness.call('privacy.update', { offline: false, policy: 'local-only' });
    await expect(harness.call('chat.send', { text: 'Hi', modelId: 'anthropic:claude-haiku-4-5' })).rejects.toMatchObject({ code: 'privacy-blocked' });
    await harness.restart();
    expect(await harness.call('privacy.get', {})).toMatchObject({ policy: 'local-only', offline: false });
    expect((await harness.call('settings.get', {})).privacy).toMatchObject({ policy: 'local-only' });
  });

  it('a cloud provider that cannot be reached is paused after three failures in a row, and the privacy state says so (not offline)', async () => {
    harness = await startService({ environment: { ANTHROPIC_API_KEY: 'test-key', ANTHROPIC_BASE_URL: 'http://127.0.0.1:9' } });
    await harness.call('privacy.update', { policy: 'auto-allow-redacted' });
    expect(await harness.call('privacy.get', {})).toMatchObject({ offline: false, networkUnreachable: null, pausedProviders: [] });
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const sent = await harness.call('chat.send', { text: 'Hello there', modelId: 'anthropic:claude-haiku-4-5' });
      await harness.waitForRunEnd(sent.runId, 60_000);
    }
    const state = await harness.call('privacy.get', {});
    // One provider's trouble is not the network's: the switch and the offline state stay as they were.
    expect(state.offline).toBe(false);
    expect(state.networkUnreachable).toBeNull();
    expect(state.pausedProviders).toEqual([{ provider: 'anthropic', reason: expect.stringMatching(/^anthropic is paused after 3 failures in a row \(.+\); tried again in \d+ s$/) }]);
    const announced = harness.events.some((event) => event.type === 'settings-changed' && event.settings.privacy.pausedProviders.length > 0);
    expect(announced).toBe(true);
  });
});

describe('models', () => {
  it('pulls a catalog model with progress events, cancels keeping the partial, resumes, deletes', async () => {
    const server = await startModelFileServer(storiesModelPath);
    try {
      const catalogPath = join(mkdtempSync(join(tmpdir(), 'baton-catalog-')), 'catalog.json');
      const bytes = readFileSync(storiesModelPath).byteLength;
      writeFileSync(
        catalogPath,
        JSON.stringify({
          models: [
            {
              id: 'stories-260k',
              name: 'Stories 260K',
              description: 'A tiny llama for tests.',
              uri: server.fileUrl,
              fileName: 'stories260K.gguf',
              bytes,
              quantization: 'F32',
              parameters: '260K',
              contextLength: 512,
              license: 'MIT',
              minRamGiB: 1,
              sha256: null,
            },
          ],
        }),
      );
      harness = await startService({ baton: { catalogPath } });
      server.behavior.chunkDelayMs = 30;
      server.behavior.stallAfterBytes = 256 * 1024;
      expect(await harness.call('models.pull', { id: 'stories-260k' })).toEqual({ started: true });
      expect(await harness.call('models.pull', { id: 'stories-260k' })).toEqual({ started: false });
      await server.stalled();
      // The server has sent its part; cancelled once some of it is on disk (under load the client
      // may not have read any of it yet when the server stalls).
      const partialPath = partialPathOf(join(harness.modelsDir, 'stories260K.gguf'));
      await expect.poll(() => (existsSync(partialPath) ? statSync(partialPath).size : 0), { timeout: 20_000 }).toBeGreaterThan(0);
      expect(await harness.call('models.cancelPull', { id: 'stories-260k' })).toEqual({ cancelled: true });
      await harness.waitForEvent((event): event is ApiEvent => event.type === 'download-progress' && event.download.state === 'cancelled');
      const listed = await harness.call('models.list', {});
      expect(listed.catalog[0]).toMatchObject({ id: 'stories-260k', downloaded: false, downloading: false, partialBytes: expect.any(Number) });
      expect(listed.catalog[0]!.partialBytes).toBeGreaterThan(0);

      server.behavior.stallAfterBytes = undefined;
      server.behavior.chunkDelayMs = 0;
      await harness.call('models.pull', { id: 'stories-260k' });
      const finished = await harness.waitForEvent(
        (event): event is Extract<ApiEvent, { type: 'download-progress' }> => event.type === 'download-progress' && event.download.state === 'finished',
      );
      expect(finished.download).toMatchObject({ modelId: 'stories-260k', receivedBytes: bytes, totalBytes: bytes });
      const progress = harness.events.filter((event) => event.type === 'download-progress' && event.download.state === 'downloading');
      expect(progress.length).toBeGreaterThan(1);
      expect(server.requests.at(-1)?.range).toMatch(/^bytes=\d+-$/);
      expect((await harness.call('models.list', {})).catalog[0]).toMatchObject({ downloaded: true, partialBytes: 0 });

      expect(await harness.call('models.delete', { id: 'stories-260k' })).toEqual({ deleted: true });
      expect(existsSync(join(harness.modelsDir, 'stories260K.gguf'))).toBe(false);
      await expect(harness.call('models.pull', { id: 'no-such-model' })).rejects.toMatchObject({ code: 'model-not-found' });
    } finally {
      await server.close();
    }
  });
  it('installs a NER model of the shield with models.pull, with progress and cancel; the rebuilt shield lists it', async () => {
    const entry = loadNerCatalog().find((candidate) => candidate.id === 'bert-base-multilingual-cased-ner-hrl')!;
    const server = await startFakeHuggingFaceServer(fakeNerRepositoryFiles(entry.repo));
    try {
      const classifier = join(mkdtempSync(join(tmpdir(), 'baton-classifier-')), 'entity-classifier');
      mkdirSync(join(classifier, 'gazetteers'), { recursive: true });
      writeFileSync(join(classifier, 'layout.json'), '{}');
      writeFileSync(join(classifier, 'model.onnx'), '');
      harness = await startService({ baton: { entityClassifierPath: classifier }, environment: { BATON_HF_BASE_URL: server.origin } });
      const folder = join(harness.dataDir, 'ner', entry.id);

      const before = apiContract['settings.get'].response.parse(await harness.call('settings.get', {}));
      expect(before.entityDetectors.map((detector) => detector.kind)).toEqual(['entity-classifier']);
      expect(before.nerModels.find((model) => model.id === entry.id)).toEqual({
        id: entry.id,
        name: entry.name,
        description: entry.description,
        license: entry.license,
        languages: entry.languages,
        bytes: entry.bytes,
        installed: false,
        active: false,
        downloading: false,
      });

      // Cancel keeps what arrived; nothing is installed.
      server.behavior.faultyFile = entry.onnxFile;
      server.behavior.stallAfterBytes = 64 * 1024;
      expect(await harness.call('models.pull', { id: entry.id })).toEqual({ started: true });
      await server.stalled();
      expect((await harness.call('settings.get', {})).nerModels.find((model) => model.id === entry.id)).toMatchObject({ downloading: true });
      expect(await harness.call('models.cancelPull', { id: entry.id })).toEqual({ cancelled: true });
      await harness.waitForEvent((event): event is ApiEvent => event.type === 'download-progress' && event.download.state === 'cancelled');
      expect(existsSync(folder)).toBe(false);

      delete server.behavior.stallAfterBytes;
      expect(await harness.call('models.pull', { id: entry.id })).toEqual({ started: true });
      const finished = await harness.waitForEvent(
        (event): event is Extract<ApiEvent, { type: 'download-progress' }> => event.type === 'download-progress' && event.download.state === 'finished',
      );
      expect(finished.download).toMatchObject({ modelId: entry.id, error: null });
      const progress = harness.events.flatMap((event) => (event.type === 'download-progress' && event.download.state === 'downloading' ? [event.download] : []));
      expect(progress.length).toBeGreaterThan(0);
      // The NER progress's extra fields (file, fileNumber, ...) stay out of the event.
      for (const download of progress) expect(Object.keys(download).sort()).toEqual(['bytesPerSecond', 'error', 'modelId', 'receivedBytes', 'state', 'totalBytes']);
      expect(existsSync(join(folder, 'config.json'))).toBe(true);

      // The shield was rebuilt at once: the new model runs beside the classifier, and Settings hears of it.
      const changed = await harness.waitForEvent(
        (event): event is Extract<ApiEvent, { type: 'settings-changed' }> => event.type === 'settings-changed' && event.settings.entityDetectors.length === 2,
      );
      const after = apiContract['settings.get'].response.parse(await harness.call('settings.get', {}));
      expect(changed.settings).toEqual(after);
      expect(after.entityDetectors[1]).toMatchObject({ kind: 'ner-model', path: folder, problem: null });
      expect(after.nerModels.find((model) => model.id === entry.id)).toMatchObject({ installed: true, active: true, downloading: false });
    } finally {
      await server.close();
    }
  });
});

describe('stats and the contract', () => {
  it('outcomes per model × kind and costs per day', async () => {
    harness = await startService({ model: () => new ScriptedModel('scripted:priced', [{ chunks: ['a', 'b'] }]) });
    for (const text of ['one', 'two']) {
      const sent = await harness.call('chat.send', { text });
      await harness.waitForRunEnd(sent.runId);
    }
    const { outcomes } = await harness.call('stats.outcomes', {});
    expect(outcomes).toEqual([{ modelId: 'scripted:priced', kind: 'chat', count: 2, successCount: 2, successRate: 1, averageScore: 1, totalCostUsd: expect.any(Number) }]);
    const costs = await harness.call('stats.costs', { days: 7 });
    expect(costs.days).toHaveLength(7);
    const today = costs.days.at(-1)!;
    expect(today.day).toBe(new Date().toISOString().slice(0, 10));
    expect(today.calls).toBe(2);
    expect(today.costUsd).toBeGreaterThan(0);
    expect(today.byModel['scripted:priced']).toBeCloseTo(today.costUsd, 12);
    expect(costs.totalUsd).toBeCloseTo(today.costUsd, 12);
  });

  it('every payload is parsed: unknown methods and bad parameters are refused with the reason', async () => {
    harness = await startService();
    await expect(harness.service.call('chat.explode', {})).rejects.toMatchObject({ code: 'invalid-request', message: 'There is no API method "chat.explode".' });
    await expect(harness.service.call('chat.send', { text: 42 })).rejects.toMatchObject({ code: 'invalid-request', message: expect.stringContaining('text') });
    await expect(harness.service.call('consent.respond', { requestId: 'x', decision: 'maybe' })).rejects.toMatchObject({ code: 'invalid-request' });
    await expect(harness.service.call('__proto__', {})).rejects.toMatchObject({ code: 'invalid-request' });
    // Defaults apply: a missing payload is an empty request where the method allows it.
    expect((await harness.service.call('conversations.list')).conversations).toEqual([]);
    expect((await harness.service.call('stats.costs', null)).days).toHaveLength(30);
  });

  it('app.openMainWindow asks the host and tells the windows', async () => {
    const opened: Array<string | undefined> = [];
    harness = await startService({ host: { openMainWindow: (id) => (opened.push(id), true) } });
    expect(await harness.call('app.openMainWindow', { conversationId: 'c9' })).toEqual({ opened: true });
    expect(opened).toEqual(['c9']);
    expect(harness.events.at(-1)).toEqual({ type: 'open-conversation', conversationId: 'c9' });
  });
});

describe('the quick-prompt shortcut', () => {
  it('is registered through the host, stored, and refused where the host has none', async () => {
    const registered: string[] = [];
    harness = await startService({ host: { registerShortcut: (accelerator) => (accelerator === 'Taken+Key' ? false : (registered.push(accelerator), true)) } });
    expect(await harness.call('app.shortcut', {})).toEqual({ accelerator: 'CommandOrControl+Shift+Space', registered: false, available: true });
    expect(harness.service.registerStoredShortcut()).toMatchObject({ registered: true });
    expect(await harness.call('app.setShortcut', { accelerator: 'Alt+Space' })).toEqual({ accelerator: 'Alt+Space', registered: true, available: true });
    await expect(harness.call('app.setShortcut', { accelerator: 'Taken+Key' })).rejects.toMatchObject({ code: 'invalid-request' });
    expect(registered).toEqual(['CommandOrControl+Shift+Space', 'Alt+Space', 'Alt+Space']);
    await harness.restart({ host: {} });
    expect(await harness.call('app.shortcut', {})).toEqual({ accelerator: 'Alt+Space', registered: false, available: false });
    await expect(harness.call('app.setShortcut', { accelerator: 'Alt+K' })).rejects.toMatchObject({ message: 'Global shortcuts exist in the desktop app only.' });
  });
});
