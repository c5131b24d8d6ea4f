import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { inspectorFromAnalyzer } from '../../electron/core/orchestration/privacy-inspector.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { PrivacyCloudBoundary } from '../../electron/core/privacy/cloud-boundary.js';
import { ConsentGate } from '../../electron/core/privacy/consent-gate.js';
import { InMemoryConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { fixedConsentPrompter } from '../../electron/core/privacy/fixed-consent-prompter.js';
import type { Recognizer } from '../../electron/core/privacy/recognizer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { InMemoryVaultStore } from '../../electron/core/privacy/vault-store.js';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { BatonError } from '../../electron/shared/errors.js';
import type { RunEvent } from '../../electron/shared/events.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import type { ConsentDecision } from '../../electron/shared/privacy.js';
import { startFakeAnthropicServer, type FakeCloudServer } from '../support/fake-anthropic-server.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';
import { ScriptedModel } from '../support/scripted-model.js';

const pricingTable = readPricingTable(defaultPricingTablePath());
const prompt = 'Write to ann@example.com about card 4111 1111 1111 1111.';

let server: FakeCloudServer;
let cloud: LanguageModel;
let database: BatonDatabase;
const local = new LocalProvider({ ...testLocalSettings, listModelFiles: async () => [{ id: 'stories260K', path: storiesModelPath }] });

beforeAll(async () => {
  server = await startFakeAnthropicServer();
  cloud = await new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url, maxRetries: 0, timeoutMs: 10_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
    'claude-haiku-4-5',
  );
});
afterAll(async () => {
  await server.close();
  await local.dispose();
});
afterEach(() => database?.close());

/** A conductor whose pool holds the fake-cloud model and the given on-device models, behind the real shield. */
function conductorWith(options: { decision?: ConsentDecision; ner?: Recognizer; local?: LanguageModel[] }): Conductor {
  database = openDatabase(':memory:');
  const analyzer = new Analyzer(createPatternRecognizers(), { entityRecognizers: options.ner ? [options.ner] : [] });
  const consentGate = new ConsentGate({ policy: 'ask', prompter: fixedConsentPrompter(options.decision ?? 'allow-once'), grants: new InMemoryConsentGrantStore() });
  return new Conductor({
    database,
    models: new StaticModelPool([{ model: cloud, tier: 'cheap' }, ...(options.local ?? []).map((model) => ({ model }))]),
    boundary: new PrivacyCloudBoundary({ analyzer, vaults: new InMemoryVaultStore(), consentGate }),
    privacy: inspectorFromAnalyzer(analyzer),
  });
}

const brokenNer: Recognizer = {
  name: 'ner',
  analyze: async () => {
    throw new Error('the ONNX session could not be created');
  },
};

describe('conductor behind the privacy shield (the person named the cloud model)', () => {
  it('fails closed: with a throwing analyzer nothing reaches the cloud and the run says why', async () => {
    const conductor = conductorWith({ ner: brokenNer });
    const events: RunEvent[] = [];
    const before = server.requests.length;
    const failure = await conductor
      .run({ text: prompt, modelOverride: cloud, onEvent: (event) => events.push(event) })
      .catch((error: unknown) => error);

    expect(server.requests.length).toBe(before);
    expect(failure).toBeInstanceOf(BatonError);
    expect(failure).toMatchObject({ code: 'privacy-blocked' });
    const message =
      'Nothing was sent to Claude Haiku 4.5: the privacy shield could not check the text: recognizer "ner" failed (the ONNX session could not be created).';
    expect(events.find((event) => event.type === 'run-notice')).toMatchObject({ kind: 'privacy-fallback' });
    expect(events.at(-1)).toEqual({
      type: 'run-failed',
      runId: expect.any(String),
      error: { name: 'BatonError', code: 'privacy-blocked', message, retryable: false },
      partialAnswer: '',
    });
    expect(events.map((event) => event.type)).not.toContain('consent-requested');
  });

  it('fails closed and answers on the local model instead, saying why', async () => {
    const fallback = new ScriptedModel('local:fallback', [{ chunks: ['Answered ', 'locally.'] }]);
    const conductor = conductorWith({ ner: brokenNer, local: [fallback] });
    const events: RunEvent[] = [];
    const before = server.requests.length;
    const result = await conductor.run({ text: prompt, modelOverride: cloud, onEvent: (event) => events.push(event) });
    expect(server.requests.length).toBe(before);
    expect(result).toMatchObject({ answer: 'Answered locally.', modelId: 'local:fallback', finishReason: 'stop' });
    // The local model sees the text as the person wrote it: nothing leaves the machine.
    expect(fallback.requests[0]?.messages.at(-1)?.content).toBe(prompt);
    const notices = events.flatMap((event) => (event.type === 'run-notice' ? [`${event.kind}: ${event.message}`] : []));
    expect(notices.at(-1)).toMatch(/^privacy-fallback: s1: the privacy shield blocked anthropic:claude-haiku-4-5 .*answering with local:fallback on this device instead\.$/);
    const routed = events.filter((event) => event.type === 'subtask-routed').map((event) => event.type === 'subtask-routed' && event.modelId);
    expect(routed).toEqual(['anthropic:claude-haiku-4-5', 'local:fallback']);
    expect(database.subtasks.listByRun(result.runId)).toMatchObject([{ modelId: 'local:fallback', status: 'finished' }]);
  });

  it('denied consent: the subtask runs on the real local model and nothing reaches the cloud', async () => {
    const conductor = conductorWith({ decision: 'deny', local: [await local.languageModel('stories260K')] });
    const events: RunEvent[] = [];
    const before = server.requests.length;
    const result = await conductor.run({ text: prompt, modelOverride: cloud, maxTokens: 8, onEvent: (event) => events.push(event) });
    expect(server.requests.length).toBe(before);
    expect(result.modelId).toBe('local:stories260K');
    expect(result.answer.trim().length).toBeGreaterThan(0);
    expect(result.costUsd).toBe(0);
    expect(events.find((event) => event.type === 'consent-requested')).toMatchObject({
      request: { payload: [{ role: 'user', content: 'Write to ⟦EMAIL_1⟧ about card ⟦CREDIT_CARD_1⟧.' }] },
    });
    expect(events.find((event) => event.type === 'run-notice')).toEqual({
      type: 'run-notice',
      runId: result.runId,
      kind: 'consent-denied',
      message: 's1: sending to anthropic:claude-haiku-4-5 was not allowed; answering with local:stories260K on this device instead.',
    });
    expect(database.outcomes.list().map((outcome) => outcome.modelId)).toContain('local:stories260K');
  });

  it('without a local model, denied consent fails the run with consent-denied', async () => {
    const conductor = conductorWith({ decision: 'deny' });
    const before = server.requests.length;
    await expect(conductor.run({ text: prompt, modelOverride: cloud })).rejects.toMatchObject({ code: 'consent-denied' });
    expect(server.requests.length).toBe(before);
  });

  it('with consent, the cloud sees placeholders and the answer comes back restored', async () => {
    const conductor = conductorWith({ decision: 'allow-once' });
    server.enqueue({ kind: 'text', text: 'I will write to ⟦EMAIL_1⟧ today.' });
    const result = await conductor.run({ text: prompt, modelOverride: cloud });
    const body = server.requests.at(-1)?.body as { messages: { content: string }[] };
    expect(body.messages).toEqual([{ role: 'user', content: 'Write to ⟦EMAIL_1⟧ about card ⟦CREDIT_CARD_1⟧.' }]);
    expect(result.answer).toBe('I will write to ann@example.com today.');
    expect(database.messages.get(result.assistantMessageId)?.content).toBe('I will write to ann@example.com today.');
  });

  it('leaves on-device models alone (no redaction, no consent)', async () => {
    const model = new ScriptedModel('local:scripted', [{ chunks: ['ok'] }]);
    const conductor = conductorWith({ decision: 'deny', local: [model] });
    const events: RunEvent[] = [];
    await conductor.run({ text: prompt, modelOverride: model, onEvent: (event) => events.push(event) });
    expect(model.requests[0]?.messages).toEqual([{ role: 'user', content: prompt }]);
    expect(events.map((event) => event.type)).not.toContain('subtask-redacted');
    expect(events.map((event) => event.type)).not.toContain('consent-requested');
  });
});
