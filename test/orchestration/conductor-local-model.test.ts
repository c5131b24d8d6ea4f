import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenerateRequest, LanguageModel, StreamPart } from '../../electron/shared/language-model.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { LocalProvider } from '../../electron/core/providers/local-llama/local-provider.js';
import { OpenAIProvider } from '../../electron/core/providers/openai/openai-provider.js';
import { defaultPricingTablePath, readPricingTable } from '../../electron/core/providers/pricing-table.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { EventLog, PassThroughBoundary, wordInspector } from '../support/conductor-fixture.js';
import { startFakeOpenAIServer, type FakeCloudServer } from '../support/fake-openai-server.js';
import { storiesModelPath, testLocalSettings } from '../support/local-model-fixture.js';

/** Records what the conductor asked of a real model. */
class RecordingModel implements LanguageModel {
  readonly requests: GenerateRequest[] = [];
  readonly id;
  readonly provider;
  readonly name;
  readonly displayName;
  readonly locality;
  readonly contextWindow;
  readonly pricing;
  constructor(private readonly inner: LanguageModel) {
    ({ id: this.id, provider: this.provider, name: this.name, displayName: this.displayName, locality: this.locality } = inner);
    this.contextWindow = inner.contextWindow;
    this.pricing = inner.pricing;
  }
  stream(request: GenerateRequest, signal?: AbortSignal): AsyncIterable<StreamPart> {
    this.requests.push(request);
    return this.inner.stream(request, signal);
  }
}

const pricingTable = readPricingTable(defaultPricingTablePath());
const localProvider = new LocalProvider({ ...testLocalSettings, listModelFiles: async () => [{ id: 'stories260K', path: storiesModelPath }] });
let local: RecordingModel;
let server: FakeCloudServer;
let database: BatonDatabase;

beforeAll(async () => {
  local = new RecordingModel(await localProvider.languageModel('stories260K'));
});
afterAll(() => localProvider.dispose());
beforeEach(async () => {
  server = await startFakeOpenAIServer();
  database = openDatabase(':memory:');
  local.requests.length = 0;
});
afterEach(async () => {
  database.close();
  await server.close();
});

async function conductorWithCloud(settings: ConstructorParameters<typeof Conductor>[0]['settings'] = {}) {
  const cloudProvider = new OpenAIProvider({ apiKey: 'test-key', baseURL: `${server.url}/v1`, maxRetries: 0, timeoutMs: 5_000, pricingTable, models: ['gpt-4o-mini'] });
  const cloud = await cloudProvider.languageModel('gpt-4o-mini');
  return new Conductor({
    database,
    models: new StaticModelPool([{ model: local }, { model: cloud, tier: 'cheap' }]),
    boundary: new PassThroughBoundary(),
    privacy: wordInspector(),
    settings: { retryBaseDelayMs: 1, dailyBudgetUsd: null, ...settings },
  });
}

describe('conductor end to end: stories260K on this device, the fake cloud through the real OpenAI client', () => {
  it('answers on the local model first, escalates invalid JSON to the cloud, and stores everything', async () => {
    const conductor = await conductorWithCloud();
    server.enqueue({ kind: 'json', value: { color: 'blue' } });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Return JSON with the name of a color.', onEvent: log.listener });

    expect(result.plan.source).toBe('fast-path');
    expect(local.requests).toHaveLength(1);
    expect(log.of('subtask-routed')[0]?.modelId).toBe('local:stories260K');
    expect(log.of('subtask-escalated')).toEqual([
      expect.objectContaining({ fromModelId: 'local:stories260K', toModelId: 'openai:gpt-4o-mini', answerRestarts: true }),
    ]);
    expect(result.answer).toBe('{"color":"blue"}');
    const sent = server.requests.find((request) => request.method === 'POST')?.body as { messages: Array<{ content: string }> };
    expect(sent.messages.at(-1)?.content).toBe('Return JSON with the name of a color.');
    expect(database.outcomes.list().map((outcome) => [outcome.modelId, outcome.success])).toEqual([
      ['local:stories260K', false],
      ['openai:gpt-4o-mini', true],
    ]);
    expect(database.messages.get(result.assistantMessageId)).toMatchObject({ status: 'complete', content: '{"color":"blue"}' });
    expect(result.costUsd).toBeGreaterThan(0);
  });

  it('plans on the local model with a JSON-schema grammar and runs the plan on this device', async () => {
    const conductor = await conductorWithCloud({ offline: true, answerTokens: 48 });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Tell a story about a cat. Then tell a story about a dog.', onEvent: log.listener });

    const planRequest = local.requests[0];
    expect(planRequest?.responseSchema).toMatchObject({ type: 'object', required: ['subtasks'] });
    // The grammar makes the reply valid JSON: a plan (repaired as needed), or a fallback when it hit the token limit.
    expect(['planner', 'fallback']).toContain(result.plan.source);
    expect(result.plan.subtasks.length).toBeGreaterThanOrEqual(1);
    expect(result.finishReason === 'stop' || result.finishReason === 'length').toBe(true);
    expect(result.answer.length).toBeGreaterThan(0);
    expect(server.requests).toHaveLength(0);
    expect(result.subtasks.every((subtask) => subtask.modelId === 'local:stories260K')).toBe(true);
    expect(database.runs.get(result.runId)?.status).toBe('finished');
  });
});
