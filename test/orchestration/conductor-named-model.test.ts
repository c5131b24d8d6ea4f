import { afterEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import type { RunEvent } from '../../electron/shared/events.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import type { LanguageModel } from '../../electron/shared/language-model.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { ScriptedModel } from '../support/scripted-model.js';

let database: BatonDatabase;
afterEach(() => database?.close());

/** A conductor whose only model is the one the person named. */
function setup(model: LanguageModel, settings: { systemPrompt?: string } = {}) {
  database = openDatabase(':memory:');
  return new Conductor({ database, models: new StaticModelPool([{ model }]), settings });
}

describe('conductor with a named model (one subtask on that model)', () => {
  it('streams the answer, emits the events in order and stores the turn', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['Hello', ', ', 'world'] }]);
    const conductor = setup(model);
    const events: RunEvent[] = [];
    const result = await conductor.run({ text: 'Say hello', modelOverride: model, modelOverrideReason: 'named with --model', onEvent: (event) => events.push(event) });

    expect(result.answer).toBe('Hello, world');
    expect(result.usage).toEqual({ inputTokens: 2, outputTokens: 3 });
    // 2 input tokens at $1/M plus 3 output tokens at $2/M.
    expect(result.costUsd).toBeCloseTo(8e-6, 12);
    expect(events.map((event) => event.type)).toEqual([
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
    expect(events[2]).toMatchObject({ type: 'subtask-routed', runId: result.runId, subtaskId: 's1', modelId: 'scripted:writer', reason: 'named with --model' });

    const messages = database.messages.listByConversation(result.conversationId);
    expect(messages.map(({ role, content, status, modelId }) => ({ role, content, status, modelId }))).toEqual([
      { role: 'user', content: 'Say hello', status: 'complete', modelId: null },
      { role: 'assistant', content: 'Hello, world', status: 'complete', modelId: 'scripted:writer' },
    ]);
    expect(database.runs.get(result.runId)).toMatchObject({ status: 'finished', inputTokens: 2, outputTokens: 3 });
    expect(database.subtasks.listByRun(result.runId)).toMatchObject([{ key: 's1', status: 'finished', result: 'Hello, world', modelId: 'scripted:writer' }]);
    expect(database.outcomes.list()).toMatchObject([{ modelId: 'scripted:writer', kind: 'chat', success: true, outputTokens: 3 }]);
    expect(database.conversations.get(result.conversationId)?.title).toBe('Say hello');
  });

  it('sends earlier turns of the conversation as history', async () => {
    const model = new ScriptedModel('scripted:writer', [{ chunks: ['Paris'] }, { chunks: ['About 2 million'] }]);
    const conductor = setup(model, { systemPrompt: 'Be brief.' });
    const first = await conductor.run({ text: 'Capital of France?', modelOverride: model });
    await conductor.run({ conversationId: first.conversationId, text: 'Population?', modelOverride: model });
    expect(model.requests[1]?.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Capital of France?' },
      { role: 'assistant', content: 'Paris' },
      { role: 'user', content: 'Population?' },
    ]);
  });

  it('a cancelled run keeps the partial answer, marked incomplete', async () => {
    const model = new ScriptedModel('scripted:slow', [{ chunks: ['one ', 'two ', 'three ', 'four'], delayMs: 30 }]);
    const conductor = setup(model);
    const controller = new AbortController();
    const result = await conductor.run({
      text: 'Count',
      modelOverride: model,
      signal: controller.signal,
      onEvent: (event) => {
        if (event.type === 'answer-delta' && event.text === 'two ') controller.abort();
      },
    });
    expect(result.finishReason).toBe('aborted');
    expect(result.answer).toBe('one two ');
    expect(database.messages.get(result.assistantMessageId)).toMatchObject({ content: 'one two ', status: 'incomplete' });
    expect(database.runs.get(result.runId)?.status).toBe('cancelled');
    expect(database.outcomes.list()).toEqual([]);
  });

  it('a model error fails the run with the typed error and keeps what was said', async () => {
    const error = new BatonError('server-error', 'The provider answered 500.', { retryable: true });
    const model = new ScriptedModel('scripted:flaky', [{ chunks: ['Partial'], error }]);
    const conductor = setup(model);
    const events: RunEvent[] = [];
    await expect(conductor.run({ text: 'Hi', modelOverride: model, onEvent: (event) => events.push(event) })).rejects.toBe(error);
    const failed = events.at(-1);
    expect(failed).toEqual({
      type: 'run-failed',
      runId: expect.any(String),
      error: { name: 'BatonError', code: 'server-error', message: 'The provider answered 500.', retryable: true },
      partialAnswer: 'Partial',
    });
    const runId = failed?.runId ?? '';
    expect(database.runs.get(runId)).toMatchObject({ status: 'failed', error: { code: 'server-error' } });
    const assistant = database.messages.listByConversation(database.runs.get(runId)?.conversationId ?? '')[1];
    expect(assistant).toMatchObject({ content: 'Partial', status: 'failed' });
  });

  it('refuses an unknown conversation id', async () => {
    const model = new ScriptedModel('scripted:writer', []);
    const conductor = setup(model);
    await expect(conductor.run({ conversationId: 'nope', text: 'Hi', modelOverride: model })).rejects.toMatchObject({
      code: 'invalid-request',
    });
  });
});
