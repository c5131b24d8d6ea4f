import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LanguageModel, ModelListing } from '../../electron/shared/language-model.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import type { ConductorSettings } from '../../electron/core/orchestration/conductor-settings.js';
import { RegistryModelPool } from '../../electron/core/orchestration/model-pool.js';
import type { ModelProvider } from '../../electron/core/providers/model-provider.js';
import { AnthropicProvider } from '../../electron/core/providers/anthropic/anthropic-provider.js';
import { OpenAIProvider } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { ProviderRegistry } from '../../electron/core/providers/provider-registry.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { EventLog, PassThroughBoundary, planJson, wordInspector } from '../support/conductor-fixture.js';
import { startFakeAnthropicServer } from '../support/fake-anthropic-server.js';
import { startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { closedPortUrl } from '../support/fake-server-common.js';
import { ProgrammableModel } from '../support/programmable-model.js';

const pricingTable = readPricingTable(defaultPricingTablePath());

/** A provider of scripted on-device models, so the registry-backed pool has a local side. */
class ScriptedLocalProvider implements ModelProvider {
  readonly id = 'local';
  constructor(private readonly models: ProgrammableModel[]) {}
  async listModels(): Promise<ModelListing[]> {
    return this.models.map((model) => ({ ...descriptorOf(model), available: true }));
  }
  async languageModel(name: string): Promise<LanguageModel> {
    const model = this.models.find((candidate) => candidate.name === name);
    if (!model) throw new Error(`no local model ${name}`);
    return model;
  }
}

function descriptorOf(model: LanguageModel) {
  const { id, provider, name, displayName, locality, contextWindow, pricing } = model;
  return { id, provider, name, displayName, locality, contextWindow, pricing };
}

let openai: FakeCloudServer;
let anthropic: FakeCloudServer;
let database: BatonDatabase;

beforeEach(async () => {
  [openai, anthropic] = await Promise.all([startFakeOpenAIServer(), startFakeAnthropicServer()]);
  database = openDatabase(':memory:');
});

afterEach(async () => {
  database.close();
  await Promise.all([openai.close(), anthropic.close()]);
});

function conductorWith(local: ProgrammableModel, settings: Partial<ConductorSettings>, openaiBaseUrl = `${openai.url}/v1`) {
  const registry = new ProviderRegistry();
  registry.register(new ScriptedLocalProvider([local]));
  registry.register(
    new OpenAIProvider({ apiKey: 'test-key', baseURL: openaiBaseUrl, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['gpt-4o-mini'] }),
  );
  registry.register(
    new AnthropicProvider({ apiKey: 'test-key', baseURL: anthropic.url, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['claude-haiku-4-5'] }),
  );
  const boundary = new PassThroughBoundary();
  const conductor = new Conductor({
    database,
    models: new RegistryModelPool({ registry, pricing: pricingTable }),
    boundary,
    privacy: wordInspector(),
    settings: { qualityCostPreference: 1, preferLocal: false, retryBaseDelayMs: 1, dailyBudgetUsd: null, ...settings },
  });
  return { conductor, boundary };
}

describe('conductor with the real cloud providers against fake servers', () => {
  it('three 500s from the cloud fall back to the local model, with an event', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['A haiku from this device.'] });
    const { conductor } = conductorWith(local, { maxRetries: 2 });
    // gpt-4o-mini is the cheapest cloud model: the router picks it first.
    openai.enqueue({ kind: 'error', status: 500 }, { kind: 'error', status: 500 }, { kind: 'error', status: 500 });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });

    expect(openai.requests.filter((request) => request.method === 'POST')).toHaveLength(3);
    expect(result.answer).toBe('A haiku from this device.');
    expect(log.of('subtask-routed').map((event) => event.modelId)).toEqual(['openai:gpt-4o-mini', 'local:tiny']);
    const kinds = log.of('run-notice').map((notice) => notice.kind);
    expect(kinds.filter((kind) => kind === 'retry')).toHaveLength(2);
    expect(log.of('run-notice').find((notice) => notice.kind === 'fallback')?.message).toMatch(/openai:gpt-4o-mini failed .*answering with local:tiny on this device instead/);
    expect(log.of('subtask-routed')[1]?.reason).toContain('fallback after openai:gpt-4o-mini failed (server-error)');
    expect(database.subtasks.listByRun(result.runId)[0]).toMatchObject({ status: 'finished', modelId: 'local:tiny' });
    expect(anthropic.requests).toHaveLength(0);
  });

  it('a short rate limit that the SDK waits out itself is told with when the wait ends, for the countdown', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['Local answer.'] });
    const registry = new ProviderRegistry();
    registry.register(new ScriptedLocalProvider([local]));
    // As in the app: the SDK retries (here once), the conductor does not.
    registry.register(new OpenAIProvider({ apiKey: 'test-key', baseURL: `${openai.url}/v1`, maxRetries: 1, timeoutMs: 5_000, pricingTable, models: ['gpt-4o-mini'] }));
    const conductor = new Conductor({
      database,
      models: new RegistryModelPool({ registry, pricing: pricingTable }),
      boundary: new PassThroughBoundary(),
      privacy: wordInspector(),
      settings: { qualityCostPreference: 1, preferLocal: false, maxRetries: 0, dailyBudgetUsd: null },
    });
    openai.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '1' } }, { kind: 'text', text: 'Rain on the roof.' });
    const log = new EventLog();
    const before = Date.now();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });

    expect(result.answer).toBe('Rain on the roof.');
    expect(openai.requests.filter((request) => request.method === 'POST')).toHaveLength(2);
    const retries = log.of('run-notice').filter((notice) => notice.kind === 'retry');
    expect(retries.map((notice) => notice.message)).toEqual(['openai:gpt-4o-mini is rate limited; the call is tried again in 1 s (wait 1).']);
    expect(retries[0]?.retryAt).toBeGreaterThanOrEqual(before + 1_000);
    expect(retries[0]?.retryAt).toBeLessThanOrEqual(Date.now() + 1_000);
  });

  it('one provider that cannot be reached is paused after three failures, not "offline": the next run goes to the other provider', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['Local answer.', 'Local answer.', 'Local answer.'] });
    const { conductor } = conductorWith(local, {}, await closedPortUrl());
    for (let run = 0; run < 3; run += 1) {
      const log = new EventLog();
      const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
      expect(result.answer).toBe('Local answer.');
      expect(log.of('subtask-routed').map((event) => event.modelId)).toEqual(['openai:gpt-4o-mini', 'local:tiny']);
      expect(conductor.offline.status().offline).toBe(false);
    }
    expect(conductor.providers.status('openai')).toMatchObject({ state: 'paused' });

    anthropic.enqueue({ kind: 'text', text: 'A haiku from the other provider.' });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(result.answer).toBe('A haiku from the other provider.');
    expect(log.of('subtask-routed').map((event) => event.modelId)).toEqual(['anthropic:claude-haiku-4-5']);
    expect(conductor.offline.status().offline).toBe(false);
    expect(conductor.providers.status('anthropic').state).toBe('healthy');
  });

  it('servers that answered (an HTML page, a stream cut after its 200) are their providers\' trouble, not the network gone: Baton stays online', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['Local answer.', 'Local answer.', 'Local answer.', 'Local answer.'] });
    const { conductor } = conductorWith(local, {});
    const cloudModels = async (openaiBaseUrl: string, anthropicBaseUrl: string) => [
      await new OpenAIProvider({ apiKey: 'test-key', baseURL: openaiBaseUrl, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['gpt-4o-mini'] }).languageModel('gpt-4o-mini'),
      await new AnthropicProvider({ apiKey: 'test-key', baseURL: anthropicBaseUrl, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['claude-haiku-4-5'] }).languageModel(
        'claude-haiku-4-5',
      ),
    ];
    openai.enqueue({ kind: 'html', status: 200 });
    anthropic.enqueue({ kind: 'drop', afterChunks: 1, text: 'Cut after this.' });
    const notices: string[] = [];
    for (const model of await cloudModels(`${openai.url}/v1`, anthropic.url)) {
      const log = new EventLog();
      const result = await conductor.run({ text: 'Write a haiku about rain.', modelOverride: model, onEvent: log.listener });
      expect(result.answer).toBe('Local answer.');
      notices.push(...log.of('run-notice').map((notice) => `${notice.kind}: ${notice.message}`));
    }
    expect(notices).toEqual([
      "fallback: s1: openai:gpt-4o-mini failed (OpenAI answered with a web page instead of its API's stream: a network sign-in page or a proxy may be in the way. Open a web page in a browser to check, or try another network.); answering with local:tiny on this device instead.",
      'fallback: s1: anthropic:claude-haiku-4-5 failed (The connection to Anthropic failed (the connection closed before the answer was complete).); answering with local:tiny on this device instead.',
    ]);
    expect(conductor.offline.status()).toEqual({ offline: false, source: null, reason: null });

    // Two providers that cannot be reached at all: that is the network gone.
    const closed = await closedPortUrl();
    for (const model of await cloudModels(`${closed}/v1`, closed)) {
      const result = await conductor.run({ text: 'Write a haiku about rain.', modelOverride: model });
      expect(result.answer).toBe('Local answer.');
    }
    expect(conductor.offline.status()).toMatchObject({ offline: true, source: 'automatic' });
  });

  it('a rate limit that lifts in an hour is not waited for: another model answers, the error says when it lifts, and the provider rests until then', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['Local answer.'] });
    const { conductor } = conductorWith(local, { maxRetries: 2 });
    openai.enqueue({ kind: 'error', status: 429, headers: { 'retry-after': '3600' } });
    const log = new EventLog();
    const started = Date.now();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.answer).toBe('Local answer.');
    expect(openai.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(log.of('run-notice').filter((notice) => notice.kind === 'retry')).toHaveLength(0);
    expect(log.of('run-notice').find((notice) => notice.kind === 'fallback')?.message).toMatch(/openai is rate-limited until \d{2}:\d{2}/);
    expect(conductor.providers.status('openai')).toMatchObject({ state: 'paused', reason: expect.stringMatching(/^openai is rate-limited until \d{2}:\d{2}/) });

    anthropic.enqueue({ kind: 'text', text: 'A haiku from the other provider.' });
    const next = await conductor.run({ text: 'Write a haiku about rain.' });
    expect(next.answer).toBe('A haiku from the other provider.');
    expect(openai.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('a cloud planner gets the plan schema as structured output; a cloud judge as well, and its broken JSON is survived', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['A local result with enough words in it.'] });
    const { conductor, boundary } = conductorWith(local, {
      plannerModelId: 'anthropic:claude-haiku-4-5',
      judgeModelId: 'openai:gpt-4o-mini',
      judgeMinDifficulty: 1,
      qualityCostPreference: 0.5,
      preferLocal: true,
    });
    anthropic.enqueue({
      kind: 'json',
      value: JSON.parse(
        planJson([
          { id: 'a', instruction: 'Write a poem about autumn leaves.' },
          { id: 'b', instruction: 'Write a limerick about a cat.' },
        ]),
      ),
    });
    openai.enqueue({ kind: 'text', text: '{"score": 8, "verd' }, { kind: 'text', text: 'not json at all' });
    const log = new EventLog();
    const result = await conductor.run({
      text: 'Write a short poem about autumn leaves. Then write a limerick about a cat. Finally, merge them.',
      onEvent: log.listener,
    });

    const planBody = anthropic.requests[0]?.body as { output_config?: { format?: { type?: string; schema?: { required?: string[] } } } };
    expect(planBody.output_config?.format).toMatchObject({ type: 'json_schema', schema: { required: ['subtasks'] } });
    expect(result.plan).toMatchObject({ source: 'planner', subtasks: [{ id: 'a' }, { id: 'b' }] });
    const judgeBody = openai.requests.find((request) => request.method === 'POST')?.body as { response_format?: { type?: string } };
    expect(judgeBody.response_format?.type).toBe('json_schema');
    expect(result.finishReason).toBe('stop');
    expect(result.subtasks.every((subtask) => subtask.passed)).toBe(true);
    expect(boundary.contexts.map((context) => context.subtaskId).sort()).toEqual(['a', 'b', 'plan']);
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('a cloud model without a key is unavailable, with the reason, and the run stays local', async () => {
    const local = new ProgrammableModel('local:tiny', { answers: ['Local answer.'] });
    const registry = new ProviderRegistry();
    registry.register(new ScriptedLocalProvider([local]));
    registry.register(new OpenAIProvider({ baseURL: `${openai.url}/v1`, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['gpt-4o-mini'] }));
    const conductor = new Conductor({
      database,
      models: new RegistryModelPool({ registry, pricing: pricingTable }),
      boundary: new PassThroughBoundary(),
      privacy: wordInspector(),
      settings: { qualityCostPreference: 1, preferLocal: false, dailyBudgetUsd: null },
    });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(result.subtasks[0]?.modelId).toBe('local:tiny');
    expect(log.of('subtask-routed')[0]?.candidates?.find((candidate) => candidate.modelId === 'openai:gpt-4o-mini')).toMatchObject({
      tier: 'cheap',
      eligible: false,
      excludedBecause: expect.stringContaining('No OpenAI API key'),
    });
    expect(openai.requests).toHaveLength(0);
  });
});
