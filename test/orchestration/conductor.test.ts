import { afterEach, describe, expect, it } from 'vitest';
import { BatonError, ModelCallError } from '../../electron/shared/errors.js';
import type { GenerateRequest, LanguageModel, StreamPart } from '../../electron/shared/language-model.js';
import type { ModelTier } from '../../electron/shared/plan.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import type { ConductorSettings } from '../../electron/core/orchestration/conductor-settings.js';
import { conductorJsonFields } from '../../electron/core/orchestration/conductor-json.js';
import { StaticModelPool, type StaticPoolEntry } from '../../electron/core/orchestration/model-pool.js';
import type { PrivacyInspector } from '../../electron/core/orchestration/privacy-inspector.js';
import type { CloudBoundary } from '../../electron/core/privacy/cloud-boundary-contract.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { EventLog, PassThroughBoundary, planJson, wordInspector } from '../support/conductor-fixture.js';
import { ProgrammableModel, type ProgrammedAnswer } from '../support/programmable-model.js';

let database: BatonDatabase;
afterEach(() => database?.close());

const refusal = "I'm sorry, but I can't help with that.";

type Answer = (prompt: string, request: GenerateRequest) => ProgrammedAnswer | string;

interface ModelSpec {
  locality?: 'on-device' | 'cloud';
  tier?: ModelTier;
  strength?: number;
  contextWindow?: number;
  delayMs?: number;
  /** The planner's reply when this model is asked to plan. */
  plan?: string;
  /** Any other call. */
  answer?: Answer;
}

/** A model that answers plan, merge, judge and summary requests by their shape, and work with `answer`. */
function model(id: string, spec: ModelSpec = {}): { model: ProgrammableModel; entry: StaticPoolEntry } {
  const instance = new ProgrammableModel(id, {
    locality: spec.locality ?? 'on-device',
    ...(spec.contextWindow ? { contextWindow: spec.contextWindow } : {}),
    ...(spec.delayMs ? { delayMs: spec.delayMs } : {}),
    answer: (request) => {
      const prompt = request.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
      const system = request.messages.find((message) => message.role === 'system')?.content ?? '';
      if (request.responseSchema && 'subtasks' in ((request.responseSchema['properties'] as object | undefined) ?? {})) {
        return { text: spec.plan ?? planJson([{ id: 's1', instruction: prompt }]), delayMs: 0 };
      }
      if (system.startsWith('Summarize this conversation')) return { text: 'Earlier: the person talked about gardens.', delayMs: 0 };
      if (prompt.startsWith('Answer the request below using the results')) return { text: 'Merged answer.', delayMs: 0 };
      return spec.answer ? spec.answer(prompt, request) : `Answer from ${id}.`;
    },
  });
  return { model: instance, entry: { model: instance, tier: spec.tier ?? (instance.locality === 'on-device' ? 'local' : 'cheap'), strength: spec.strength ?? 0 } };
}

function setup(
  entries: StaticPoolEntry[],
  options: { settings?: Partial<ConductorSettings>; privacy?: PrivacyInspector; boundary?: CloudBoundary | null } = {},
) {
  database = openDatabase(':memory:');
  const boundary = options.boundary === null ? undefined : (options.boundary ?? new PassThroughBoundary());
  return new Conductor({
    database,
    models: new StaticModelPool(entries),
    ...(boundary ? { boundary } : {}),
    privacy: options.privacy ?? wordInspector(),
    settings: { retryBaseDelayMs: 1, dailyBudgetUsd: null, ...options.settings },
  });
}

/** Settings under which a cloud model beats a local one: quality first, no local bonus. */
const cloudWins: Partial<ConductorSettings> = { qualityCostPreference: 1, preferLocal: false };

const longRequest = 'Write a short poem about autumn leaves. Then write a limerick about a cat. Finally, list three facts about owls.';

describe('conductor: planning', () => {
  it('refuses an empty request before storing anything or calling a model', async () => {
    const local = model('local:small', { answer: () => 'Never.' });
    const conductor = setup([local.entry]);
    await expect(conductor.run({ text: ' \n\t ' })).rejects.toMatchObject({ code: 'invalid-request', message: 'The request is empty: write a question or attach a document.' });
    expect(local.model.requests).toHaveLength(0);
    expect(database.conversations.list()).toHaveLength(0);
  });

  it('takes the fast path for a short request: no planner call, events in order, the turn stored', async () => {
    const local = model('local:small', { answer: () => 'Paris is the capital of France.' });
    const conductor = setup([local.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: 'What is the capital of France?', onEvent: log.listener });

    expect(local.model.requests.filter((request) => request.responseSchema)).toHaveLength(0);
    expect(local.model.requests).toHaveLength(1);
    expect(result.plan).toMatchObject({ source: 'fast-path', subtasks: [{ id: 's1', kind: 'chat', difficulty: 1 }] });
    expect(result.answer).toBe('Paris is the capital of France.');
    expect(log.types[0]).toBe('run-started');
    expect(log.types[1]).toBe('plan-created');
    expect(log.types[2]).toBe('subtask-routed');
    expect(log.types.slice(-2)).toEqual(['subtask-finished', 'run-finished']);
    expect(log.of('answer-delta').map((event) => event.text).join('')).toBe(result.answer);
    const routed = log.of('subtask-routed')[0]!;
    expect(routed.reason).toContain('local:small');
    expect(routed.candidates).toEqual([expect.objectContaining({ modelId: 'local:small', eligible: true })]);

    const messages = database.messages.listByConversation(result.conversationId);
    expect(messages.map(({ role, content, status }) => ({ role, content, status }))).toEqual([
      { role: 'user', content: 'What is the capital of France?', status: 'complete' },
      { role: 'assistant', content: 'Paris is the capital of France.', status: 'complete' },
    ]);
    expect(database.runs.get(result.runId)).toMatchObject({ status: 'finished' });
    expect(database.subtasks.listByRun(result.runId)).toMatchObject([
      { key: 's1', status: 'finished', modelId: 'local:small', result: 'Paris is the capital of France.', kind: 'chat', difficulty: 1 },
    ]);
    expect(database.outcomes.list()).toMatchObject([{ modelId: 'local:small', kind: 'chat', success: true, score: 1 }]);
  });

  it('asks the planner with a response schema for a request that is not simple', async () => {
    const local = model('local:small', {
      plan: planJson([
        { id: 's1', instruction: 'Write a poem about autumn leaves.' },
        { id: 's2', instruction: 'Write a limerick about a cat.' },
      ]),
    });
    const conductor = setup([local.entry]);
    const result = await conductor.run({ text: longRequest });
    const planRequest = local.model.requests.find((request) => request.responseSchema);
    expect(planRequest?.responseSchema).toMatchObject({ type: 'object', required: ['subtasks'] });
    expect(planRequest?.temperature).toBe(0);
    expect(result.plan.source).toBe('planner');
    expect(result.plan.subtasks.map((subtask) => subtask.id)).toEqual(['s1', 's2']);
    expect(result.merge?.modelId).toBe('local:small');
    expect(result.answer).toBe('Merged answer.');
  });

  it('falls back to one subtask when the plan has a cycle', async () => {
    const local = model('local:small', {
      plan: planJson([
        { id: 's1', instruction: 'Do A with the result of B.', dependsOn: ['s2'] },
        { id: 's2', instruction: 'Do B with the result of A.', dependsOn: ['s1'] },
      ]),
      answer: () => 'All done.',
    });
    const conductor = setup([local.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: longRequest, onEvent: log.listener });
    expect(result.plan.source).toBe('fallback');
    expect(result.plan.subtasks).toEqual([{ id: 's1', instruction: longRequest, kind: expect.any(String), dependsOn: [], difficulty: 3 }]);
    expect(result.plan.notes?.join(' ')).toMatch(/cycle \(s1 → s2 → s1\)/);
    expect(log.of('plan-created')[0]?.plan.source).toBe('fallback');
    expect(result.answer).toBe('All done.');
    expect(result.merge).toBeUndefined();
  });

  it('falls back to one subtask when the planner answers with broken JSON', async () => {
    const local = model('local:small', { plan: '{"subtasks": [{"id": "s1", "instr', answer: () => 'Fine.' });
    const conductor = setup([local.entry]);
    const result = await conductor.run({ text: longRequest });
    expect(result.plan.source).toBe('fallback');
    expect(result.plan.notes?.join(' ')).toContain('not valid JSON');
    expect(result.answer).toBe('Fine.');
  });
});

describe('conductor: execution', () => {
  it('runs three independent subtasks at the same time', async () => {
    const local = model('local:small', {
      delayMs: 15,
      plan: planJson([
        { id: 's1', instruction: 'Write a poem about autumn leaves.' },
        { id: 's2', instruction: 'Write a limerick about a cat.' },
        { id: 's3', instruction: 'List three facts about owls.', kind: 'extract' },
      ]),
      answer: (prompt) => ({ text: `Result for: ${prompt.split('\n')[0]}`, delayMs: 15 }),
    });
    const conductor = setup([local.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: longRequest, onEvent: log.listener });
    expect(local.model.peakInFlight).toBe(3);
    expect(conductor.limiter.peak('local')).toBe(3);
    expect(result.subtasks.map((subtask) => subtask.status)).toEqual(['finished', 'finished', 'finished']);
    // All three were routed before the first one finished.
    const firstFinished = log.types.indexOf('subtask-finished');
    expect(log.types.slice(0, firstFinished).filter((type) => type === 'subtask-routed')).toHaveLength(3);
  });

  it('keeps to the per-provider concurrency limit', async () => {
    const local = model('local:small', {
      plan: planJson([1, 2, 3, 4].map((index) => ({ id: `s${index}`, instruction: `Part ${index}.` }))),
      answer: () => ({ text: 'done', delayMs: 10 }),
    });
    const conductor = setup([local.entry], { settings: { perProviderConcurrency: { local: 2 } } });
    await conductor.run({ text: longRequest });
    expect(local.model.peakInFlight).toBe(2);
  });

  it('gives a dependent subtask the results of its inputs', async () => {
    const local = model('local:small', {
      plan: planJson([
        { id: 's1', instruction: 'Find the secret number.' },
        { id: 's2', instruction: 'Double the secret number.', dependsOn: ['s1'], kind: 'math' },
      ]),
      answer: (prompt) => (prompt.startsWith('Find') ? 'The secret number is 21.' : 'Doubled, it is 42.'),
    });
    const conductor = setup([local.entry]);
    const result = await conductor.run({ text: longRequest });
    const second = local.model.prompts.find((prompt) => prompt.startsWith('Double'));
    expect(second).toContain('Result of s1 (Find the secret number.):\nThe secret number is 21.');
    // A chain ends in one subtask: its result is the answer, no synthesis step.
    expect(result.merge).toBeUndefined();
    expect(result.answer).toBe('Doubled, it is 42.');
    expect(local.model.prompts.some((prompt) => prompt.startsWith('Answer the request below'))).toBe(false);
  });

  it('cancel stops every call and leaves the conversation consistent', async () => {
    const local = model('local:small', {
      plan: planJson([
        { id: 's1', instruction: 'Part one.' },
        { id: 's2', instruction: 'Part two.' },
        { id: 's3', instruction: 'Part three.' },
        { id: 's4', instruction: 'Part four, after one.', dependsOn: ['s1'] },
      ]),
      answer: () => ({ text: 'one two three four five six seven eight nine ten', delayMs: 20 }),
    });
    const conductor = setup([local.entry]);
    const controller = new AbortController();
    let deltas = 0;
    const result = await conductor.run({
      text: longRequest,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'subtask-delta' && ++deltas === 3) controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(local.model.abortedCalls).toBe(3);
    expect(local.model.inFlight).toBe(0);
    expect(database.runs.get(result.runId)?.status).toBe('cancelled');
    expect(database.messages.get(result.assistantMessageId)?.status).toBe('incomplete');
    const statuses = database.subtasks.listByRun(result.runId).map((subtask) => [subtask.key, subtask.status]);
    expect(statuses).toEqual([
      ['s1', 'cancelled'],
      ['s2', 'cancelled'],
      ['s3', 'cancelled'],
      ['s4', 'cancelled'],
    ]);
    expect(database.subtasks.listByRun(result.runId).every((subtask) => subtask.finishedAt !== null)).toBe(true);
    // The conversation can go on.
    const next = await conductor.run({ conversationId: result.conversationId, text: 'Are you there?' });
    expect(next.finishReason).toBe('stop');
  });

  it('fails the run with the typed error when no model can take a subtask', async () => {
    const local = model('local:small', { answer: () => ({ text: '', error: new BatonError('model-load-failed', 'The file is broken.') }) });
    const conductor = setup([local.entry]);
    const log = new EventLog();
    await expect(conductor.run({ text: 'Hello there', onEvent: log.listener })).rejects.toMatchObject({ code: 'model-load-failed' });
    const failed = log.of('run-failed')[0]!;
    expect(failed.error.code).toBe('model-load-failed');
    expect(database.runs.get(failed.runId)?.status).toBe('failed');
    expect(database.subtasks.listByRun(failed.runId)[0]?.status).toBe('failed');
  });

  it('falls back to the local model when a cloud call times out', async () => {
    const local = model('local:small', { answer: () => 'Local answer.' });
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => ({ text: 'slow words', delayMs: 500 }) });
    const conductor = setup([local.entry, cloud.entry], { settings: { ...cloudWins, subtaskTimeoutMs: 40, maxRetries: 0 } });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(result.answer).toBe('Local answer.');
    expect(cloud.model.abortedCalls).toBe(1);
    expect(log.of('run-notice').map((notice) => notice.kind)).toContain('fallback');
    expect(log.of('subtask-routed').map((event) => event.modelId)).toEqual(['cloud:cheap', 'local:small']);
    expect(result.subtasks[0]?.reason).toContain('fallback after cloud:cheap failed (timeout)');
    expect(database.subtasks.listByRun(result.runId)[0]?.reason).toContain('fallback after cloud:cheap failed (timeout)');
  });

  it('retries a retryable error with backoff before falling back', async () => {
    const local = model('local:small', { answer: () => 'Local answer.' });
    let calls = 0;
    const cloud = model('cloud:cheap', {
      locality: 'cloud',
      answer: () => (++calls < 3 ? { error: new ModelCallError('server-error', 'HTTP 500', { provider: 'cloud' }) } : 'Cloud answer on the third try.'),
    });
    const conductor = setup([local.entry, cloud.entry], { settings: { ...cloudWins, maxRetries: 2 } });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(result.answer).toBe('Cloud answer on the third try.');
    const retries = log.of('run-notice').filter((notice) => notice.kind === 'retry');
    expect(retries).toHaveLength(2);
    // When each wait ends, for the run view's countdown.
    for (const retry of retries) expect(retry.retryAt).toBeGreaterThan(Date.now() - 10_000);
  });
});

describe('conductor: evaluation and escalation', () => {
  it('escalates a refusal one tier up and restarts the streamed answer', async () => {
    const local = model('local:small', { answer: () => refusal });
    const cheap = model('cloud:cheap', { locality: 'cloud', tier: 'cheap', answer: () => 'Rain on the roof, soft.' });
    const strong = model('cloud:strong', { locality: 'cloud', tier: 'strong', strength: 15, answer: () => 'Strong answer.' });
    const conductor = setup([local.entry, cheap.entry, strong.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(log.of('subtask-routed')[0]?.modelId).toBe('local:small');
    expect(log.of('subtask-escalated')).toEqual([
      expect.objectContaining({ subtaskId: 's1', fromModelId: 'local:small', toModelId: 'cloud:cheap', score: 0.1, answerRestarts: true }),
    ]);
    expect(log.of('subtask-escalated')[0]?.reason).toContain('the model refused');
    expect(strong.model.requests).toHaveLength(0);
    expect(result.answer).toBe('Rain on the roof, soft.');
    expect(result.subtasks[0]).toMatchObject({ modelId: 'cloud:cheap', passed: true, belowBar: false, score: 1 });
    expect(database.messages.get(result.assistantMessageId)?.content).toBe('Rain on the roof, soft.');
    expect(database.outcomes.list().map((outcome) => [outcome.modelId, outcome.success])).toEqual([
      ['local:small', false],
      ['cloud:cheap', true],
    ]);
    expect(result.costUsd).toBeGreaterThan(0);
    expect(database.runs.get(result.runId)?.costUsd).toBeCloseTo(result.costUsd, 12);
  });

  it('stops after two hops and keeps the best result, marked', async () => {
    const local = model('local:small', { answer: () => refusal });
    const larger = model('local:large', { strength: 5, answer: () => '' });
    const cheap = model('cloud:cheap', { locality: 'cloud', tier: 'cheap', answer: () => refusal });
    const strong = model('cloud:strong', { locality: 'cloud', tier: 'strong', answer: () => refusal });
    const conductor = setup([local.entry, larger.entry, cheap.entry, strong.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    const escalations = log.of('subtask-escalated').map((event) => [event.fromModelId, event.toModelId]);
    // The first choice (both local models tie; the smaller is listed first) → the larger local → cheap cloud; no third hop.
    expect(escalations).toHaveLength(2);
    expect(escalations[1]?.[1]).toBe('cloud:cheap');
    expect(strong.model.requests).toHaveLength(0);
    expect(result.subtasks[0]).toMatchObject({ belowBar: true, passed: false, score: 0.1 });
    expect(result.answer).toBe(refusal);
    expect(log.of('run-notice').find((notice) => notice.kind === 'quality')?.message).toContain('kept the best result');
    expect(database.subtasks.listByRun(result.runId)[0]?.reason).toContain('kept below the bar');
    expect(database.outcomes.list()).toHaveLength(3);
  });

  it('a judge that answers broken JSON does not crash the run', async () => {
    const local = model('local:small', { answer: () => 'A fine answer about the rain on the roof.' });
    const judge = model('cloud:judge', { locality: 'cloud', answer: () => '{"score": 9, "verdict": "pa' });
    const conductor = setup([local.entry, judge.entry], { settings: { judgeModelId: 'cloud:judge', judgeMinDifficulty: 1 } });
    const result = await conductor.run({ text: 'Write a haiku about rain.' });
    expect(judge.model.requests).toHaveLength(1);
    expect(judge.model.requests[0]?.responseSchema).toMatchObject({ required: ['score', 'verdict', 'reason'] });
    expect(result.finishReason).toBe('stop');
    expect(result.subtasks[0]).toMatchObject({ passed: true, score: 1 });
    expect(result.subtasks[0]?.attempts[0]?.evaluation?.judgeNote).toMatch(/JSON/);
  });

  it("a judge's low score escalates", async () => {
    const local = model('local:small', { answer: () => 'An answer that looks fine to the heuristics.' });
    const cheap = model('cloud:cheap', { locality: 'cloud', tier: 'cheap', answer: () => 'A better answer.' });
    let judged = 0;
    const judge = model('cloud:judge', {
      locality: 'cloud',
      tier: 'strong',
      answer: () => JSON.stringify({ score: ++judged === 1 ? 2 : 9, verdict: judged === 1 ? 'fail' : 'pass', reason: 'checked' }),
    });
    const conductor = setup([local.entry, cheap.entry, judge.entry], { settings: { judgeModelId: 'cloud:judge', judgeMinDifficulty: 1 } });
    const result = await conductor.run({ text: 'Write a haiku about rain.' });
    expect(result.subtasks[0]?.escalations).toHaveLength(1);
    expect(result.subtasks[0]).toMatchObject({ modelId: 'cloud:cheap', score: 0.9, passed: true });
    // The judge is never routed to as a worker here: it is the strong tier, and one hop sufficed.
    expect(judge.model.requests.every((request) => request.responseSchema)).toBe(true);
  });

  it('escalates invalid JSON where JSON was asked', async () => {
    const local = model('local:small', { answer: () => 'name: Ada' });
    const cheap = model('cloud:cheap', { locality: 'cloud', answer: () => '{"name": "Ada"}' });
    const conductor = setup([local.entry, cheap.entry]);
    const result = await conductor.run({ text: 'Return JSON with the name Ada.' });
    expect(result.answer).toBe('{"name": "Ada"}');
    expect(result.subtasks[0]?.escalations[0]?.reason).toContain('not valid JSON');
  });
});

describe('conductor: routing limits', () => {
  it('an exhausted budget keeps work local, with a notice', async () => {
    const local = model('local:small', { answer: () => refusal });
    // 2,500 output tokens at $5 per million: $0.0125, more than the whole budget (the estimate, $0.0026, was under it).
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => ({ chunks: Array.from({ length: 2500 }, () => 'word ') }) });
    const conductor = setup([local.entry, cloud.entry], { settings: { ...cloudWins, dailyBudgetUsd: 0.01 } });

    const first = await conductor.run({ text: 'Write a long poem about rain.' });
    expect(first.subtasks[0]?.modelId).toBe('cloud:cheap');
    expect(first.spending.todayUsd).toBeGreaterThan(0.01);

    const log = new EventLog();
    const second = await conductor.run({ text: 'Write a haiku about snow.', onEvent: log.listener });
    expect(cloud.model.requests).toHaveLength(1);
    expect(second.subtasks[0]?.modelId).toBe('local:small');
    // Even a refusal does not escalate to the cloud over the budget.
    expect(second.subtasks[0]?.escalations).toEqual([]);
    expect(log.of('run-notice').find((notice) => notice.kind === 'budget')?.message).toContain('used up');
    expect(log.of('subtask-routed')[0]?.candidates?.find((candidate) => candidate.modelId === 'cloud:cheap')?.excludedBecause).toContain('budget');
    expect(second.spending.budgetLeftUsd).toBeLessThan(0);
  });

  it('keeps a subtask with personal data on-device', async () => {
    const local = model('local:small', { answer: () => 'Dear Alice, see you at the meeting.' });
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => 'Cloud answer.' });
    const boundary = new PassThroughBoundary();
    const conductor = setup([local.entry, cloud.entry], { settings: cloudWins, privacy: wordInspector(['alice']), boundary });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a short note to Alice about the meeting.', onEvent: log.listener });
    expect(result.subtasks[0]?.modelId).toBe('local:small');
    expect(cloud.model.requests).toHaveLength(0);
    expect(boundary.contexts).toHaveLength(0);
    const excluded = log.of('subtask-routed')[0]?.candidates?.find((candidate) => candidate.modelId === 'cloud:cheap');
    expect(excluded).toMatchObject({ eligible: false, excludedBecause: expect.stringContaining('personal') });
  });

  it('routes to the cloud through the boundary when allowed, and answers locally when consent is denied', async () => {
    const local = model('local:small', { answer: () => 'Local answer.' });
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => 'Cloud answer.' });
    const denying: CloudBoundary = {
      wrap: (wrapped: LanguageModel, context) => ({
        ...wrapped,
        async *stream(): AsyncIterable<StreamPart> {
          context.onEvent?.({ type: 'run-notice', runId: context.runId, kind: 'consent-denied', message: 'boundary saw it' });
          yield { type: 'error', error: new BatonError('consent-denied', 'The person said no.') };
        },
      }),
    };
    const conductor = setup([local.entry, cloud.entry], { settings: cloudWins, boundary: denying });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(result.answer).toBe('Local answer.');
    expect(cloud.model.requests).toHaveLength(0);
    const notices = log.of('run-notice').filter((notice) => notice.kind === 'consent-denied');
    expect(notices.map((notice) => notice.message)).toEqual(['boundary saw it', 's1: sending to cloud:cheap was not allowed; answering with local:small on this device instead.']);
  });

  it('after a refused cloud call, a cloud judge is not asked about that subtask either', async () => {
    const local = model('local:small', { answer: () => 'Rain on the roof.' });
    const judge = model('cloud:judge', { locality: 'cloud', answer: () => '{"score": 1, "reason": "fine"}' });
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => 'Cloud answer.' });
    let wrapped = 0;
    const denying: CloudBoundary = {
      wrap: (inner: LanguageModel) => ({
        ...inner,
        async *stream(): AsyncIterable<StreamPart> {
          wrapped += 1;
          yield { type: 'error', error: new BatonError('consent-denied', 'The person said no.') };
        },
      }),
    };
    const conductor = setup([local.entry, cloud.entry, judge.entry], {
      settings: { ...cloudWins, judgeModelId: 'cloud:judge', judgeMinDifficulty: 1 },
      boundary: denying,
    });
    const result = await conductor.run({ text: 'Write a haiku about rain.' });
    expect(result.answer).toBe('Rain on the roof.');
    // One refused call (the subtask itself); the judge was left out rather than asked again.
    expect(wrapped).toBe(1);
    expect(judge.model.requests).toHaveLength(0);
  });

  it('never calls a cloud model without a boundary', async () => {
    const local = model('local:small', { answer: () => 'Local answer.' });
    const cloud = model('cloud:cheap', { locality: 'cloud' });
    const conductor = setup([local.entry, cloud.entry], { settings: cloudWins, boundary: null });
    const log = new EventLog();
    await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(cloud.model.requests).toHaveLength(0);
    expect(log.of('subtask-routed')[0]?.candidates?.find((candidate) => candidate.modelId === 'cloud:cheap')?.excludedBecause).toContain('no cloud boundary');
  });

  it('offline (the setting): nothing leaves the machine', async () => {
    const local = model('local:small', { answer: () => refusal });
    const cloud = model('cloud:cheap', { locality: 'cloud' });
    const conductor = setup([local.entry, cloud.entry], { settings: { ...cloudWins, offline: true } });
    const log = new EventLog();
    const result = await conductor.run({ text: 'Write a haiku about rain.', onEvent: log.listener });
    expect(cloud.model.requests).toHaveLength(0);
    expect(result.subtasks[0]?.modelId).toBe('local:small');
    expect(log.of('run-notice').find((notice) => notice.kind === 'offline')?.message).toContain('set to offline');
  });

  it('a connection failure re-routes locally; three in a row pause that provider (not "offline"), and the next run stays local', async () => {
    const local = model('local:small', { answer: () => 'Local answer.' });
    const cloud = model('cloud:cheap', {
      locality: 'cloud',
      answer: () => ({ error: new ModelCallError('connection', 'getaddrinfo ENOTFOUND api.example.com', { provider: 'cloud' }) }),
    });
    const conductor = setup([local.entry, cloud.entry], { settings: cloudWins });
    for (let run = 1; run <= 3; run += 1) {
      const result = await conductor.run({ text: 'Write a haiku about rain.' });
      expect(result.answer).toBe('Local answer.');
      expect(cloud.model.requests).toHaveLength(run); // a connection failure is not retried
      expect(conductor.offline.status().offline).toBe(false);
    }
    expect(conductor.providers.status('cloud')).toMatchObject({ state: 'paused' });
    const log = new EventLog();
    await conductor.run({ text: 'Write a haiku about snow.', onEvent: log.listener });
    expect(cloud.model.requests).toHaveLength(3);
    expect(log.of('subtask-routed')[0]?.modelId).toBe('local:small');
  });

  it('a named model is the only model: no planner, no escalation', async () => {
    const local = model('local:small', { answer: () => 'Local.' });
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => refusal });
    const conductor = setup([local.entry, cloud.entry]);
    const log = new EventLog();
    const result = await conductor.run({ text: longRequest, modelOverride: cloud.model, modelOverrideReason: 'named with --model', onEvent: log.listener });
    expect(local.model.requests).toHaveLength(0);
    expect(result.plan.source).toBe('single-model');
    expect(result.answer).toBe(refusal);
    expect(log.of('subtask-routed')[0]).toMatchObject({ modelId: 'cloud:cheap', reason: 'named with --model' });
    expect(log.of('subtask-escalated')).toEqual([]);
    expect(database.messages.get(result.assistantMessageId)?.modelId).toBe('cloud:cheap');
  });
});

describe('conductor: context', () => {
  it('summarizes older turns locally when the history does not fit, and says so', async () => {
    const local = model('local:small', { contextWindow: 700, answer: () => 'Short answer.' });
    const conductor = setup([local.entry], { settings: { answerTokens: 128 } });
    const conversation = database.conversations.create({ title: 'Gardens' });
    for (let turn = 0; turn < 6; turn += 1) {
      database.messages.append({ conversationId: conversation.id, role: 'user', content: `Question ${turn}: ${'tell me about gardens '.repeat(12)}` });
      database.messages.append({ conversationId: conversation.id, role: 'assistant', content: `Answer ${turn}: ${'gardens are lovely '.repeat(12)}` });
    }
    const log = new EventLog();
    await conductor.run({ conversationId: conversation.id, text: 'And roses?', onEvent: log.listener });
    const summaryCall = local.model.requests.find((request) => request.messages[0]?.content.startsWith('Summarize this conversation'));
    expect(summaryCall).toBeDefined();
    const answerCall = local.model.requests.at(-1)!;
    expect(answerCall.messages[0]?.content).toContain('Summary of the earlier conversation:\nEarlier: the person talked about gardens.');
    expect(answerCall.messages.at(-1)?.content).toBe('And roses?');
    expect(log.of('run-notice').find((notice) => notice.kind === 'context-shortened')?.message).toMatch(/earlier messages were summarized on this device/);
  });

  it('an answer length above what the model allows says what it was capped to', async () => {
    const local = model('local:small', { contextWindow: 2048, answer: () => 'Short answer.' });
    const conductor = setup([local.entry]);
    const log = new EventLog();
    await conductor.run({ text: 'Write a haiku about rain.', maxTokens: 5000, onEvent: log.listener });
    expect(local.model.requests.at(-1)?.maxTokens).toBe(1024);
    expect(log.of('run-notice').map((notice) => notice.message)).toContain(
      "s1 on local:small: the answer may be 1024 tokens long, not the 5000 asked for (half of the model's 2048-token context).",
    );
    const quiet = new EventLog();
    await conductor.run({ text: 'Write a haiku about snow.', maxTokens: 200, onEvent: quiet.listener });
    expect(quiet.of('run-notice').filter((notice) => notice.message.includes('asked for'))).toEqual([]);
  });

  it('shortens a long document for a small model, never silently', async () => {
    const local = model('local:small', { contextWindow: 1024, plan: planJson([{ id: 's1', instruction: 'Summarize the document.', kind: 'summarize' }]), answer: () => 'A summary of the report.' });
    const conductor = setup([local.entry], { settings: { answerTokens: 256 } });
    const log = new EventLog();
    const document = `${'The quarterly report says sales grew. '.repeat(300)}THE END`;
    const result = await conductor.run({ text: 'Summarize this report', attachments: [{ name: 'report.txt', text: document }], onEvent: log.listener });
    expect(result.answer).toBe('A summary of the report.');
    const prompt = local.model.prompts.at(-1)!;
    expect(prompt).toContain('characters left out to fit the context window');
    expect(prompt).toContain('THE END');
    expect(log.of('run-notice').find((notice) => notice.kind === 'context-shortened')?.message).toContain('Document "report.txt" was shortened');
  });
});

describe('conductor: results', () => {
  it('turns a result into the --json plan and subtasks fields', async () => {
    const local = model('local:small', { answer: () => refusal });
    const cheap = model('cloud:cheap', { locality: 'cloud', answer: () => 'Rain falls.' });
    const conductor = setup([local.entry, cheap.entry]);
    const result = await conductor.run({ text: 'Write a haiku about rain.' });
    const json = conductorJsonFields(result);
    expect(json.plan.source).toBe('fast-path');
    expect(json.subtasks).toEqual([
      {
        id: 's1',
        kind: 'writing',
        model: 'cloud:cheap',
        reason: expect.stringContaining('the model refused'),
        score: 1,
        escalations: [{ from: 'local:small', to: 'cloud:cheap', reason: expect.any(String), score: 0.1 }],
        costUsd: expect.any(Number),
      },
    ]);
    expect(json.subtasks[0]?.costUsd).toBeGreaterThan(0);
  });

  it('reports spending per run, conversation and day', async () => {
    const cloud = model('cloud:cheap', { locality: 'cloud', answer: () => 'Cloud answer with several words.' });
    const conductor = setup([cloud.entry], { settings: { dailyBudgetUsd: 1 } });
    const first = await conductor.run({ text: 'Write a haiku about rain.' });
    const second = await conductor.run({ conversationId: first.conversationId, text: 'Another one about snow.' });
    expect(second.spending.runUsd).toBeCloseTo(second.costUsd, 12);
    expect(second.spending.conversationUsd).toBeCloseTo(first.costUsd + second.costUsd, 12);
    expect(second.spending.todayUsd).toBeCloseTo(first.costUsd + second.costUsd, 12);
    expect(second.spending.budgetLeftUsd).toBeCloseTo(1 - first.costUsd - second.costUsd, 12);
  });
});
