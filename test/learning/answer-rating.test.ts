import { afterEach, describe, expect, it } from 'vitest';
import { LearnedSuccessEstimator, OutcomeLog } from '../../electron/core/learning/outcome-log.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';

let database: BatonDatabase;
afterEach(() => database?.close());

/** A stored run with one subtask per model, each with an outcome the evaluator judged a success. */
function runWithOutcomes(modelIds: string[]): string {
  const conversation = database.conversations.create({ title: 'Haiku' });
  const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Write a haiku.' });
  const assistant = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'Rain on the roof.' });
  const runId = `run-${modelIds.join('-')}`;
  database.runs.start({ id: runId, conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
  modelIds.forEach((modelId, index) => {
    const subtask = database.subtasks.create({ runId, key: `s${index + 1}`, instruction: 'Write a haiku.', kind: 'writing', difficulty: 1, modelId });
    database.outcomes.record({ subtaskId: subtask.id, modelId, kind: 'writing', difficulty: 1, success: true, inputTokens: 10, outputTokens: 10, latencyMs: 100, costUsd: 0 });
  });
  return runId;
}

describe('rating an answer', () => {
  it('reaches the outcome of every subtask of the run, and the rating decides what is learned', () => {
    database = openDatabase(':memory:');
    const rated = runWithOutcomes(['local:tiny', 'local:small']);
    runWithOutcomes(['local:other']);
    const log = new OutcomeLog(database);
    const estimator = new LearnedSuccessEstimator(log);
    const query = { modelId: 'local:tiny', tier: 'local' as const, kind: 'writing' as const, difficulty: 1 };
    expect(log.tally('local:tiny', 'writing', 1)).toEqual({ count: 1, successes: 1 });
    const before = estimator.estimate(query).probability;

    expect(database.outcomes.rateRun(rated, -1)).toBe(2);
    log.reset();
    expect(log.tally('local:tiny', 'writing', 1)).toEqual({ count: 1, successes: 0 });
    expect(estimator.estimate(query).probability).toBeLessThan(before);
    expect(database.outcomes.summary().map((row) => [row.modelId, row.successCount])).toEqual([
      ['local:other', 1],
      ['local:small', 0],
      ['local:tiny', 0],
    ]);
    expect(database.outcomes.list().filter((outcome) => outcome.modelId === 'local:other')[0]?.userFeedback).toBeNull();

    // Taken back: the evaluator's verdict counts again.
    expect(database.outcomes.rateRun(rated, null)).toBe(2);
    log.reset();
    expect(log.tally('local:tiny', 'writing', 1)).toEqual({ count: 1, successes: 1 });
  });

  it('on one subtask, from the run view, reaches only that subtask\'s outcome', () => {
    database = openDatabase(':memory:');
    const rated = runWithOutcomes(['local:tiny', 'local:small']);
    const log = new OutcomeLog(database);
    expect(database.outcomes.rateSubtask(rated, 's2', -1)).toBe(1);
    expect(database.outcomes.rateSubtask(rated, 's9', -1)).toBe(0);
    log.reset();
    expect(log.tally('local:small', 'writing', 1)).toEqual({ count: 1, successes: 0 });
    expect(log.tally('local:tiny', 'writing', 1)).toEqual({ count: 1, successes: 1 });
    expect(database.outcomes.list().map((outcome) => [outcome.modelId, outcome.userFeedback])).toEqual([
      ['local:tiny', null],
      ['local:small', -1],
    ]);
  });

  it('reaches only the model whose result was kept: not a weaker attempt escalated from, nor a shadow try', () => {
    database = openDatabase(':memory:');
    const conversation = database.conversations.create({ title: 'Tax' });
    const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: 'Explain capital gains tax.' });
    const assistant = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'It is a tax on gains.' });
    database.runs.start({ id: 'run-1', conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
    const subtask = database.subtasks.create({ runId: 'run-1', key: 's1', instruction: 'Explain capital gains tax.', kind: 'reasoning', difficulty: 3, modelId: 'anthropic:sonnet' });
    const record = (modelId: string, success: boolean) =>
      database.outcomes.record({ subtaskId: subtask.id, modelId, kind: 'reasoning', difficulty: 3, success, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });
    record('local:tiny', false);
    record('anthropic:sonnet', true);
    record('local:small', true);

    expect(database.outcomes.rateRun('run-1', -1)).toBe(1);
    expect(database.outcomes.rateUnratedRun('run-1', -0.5)).toBe(0);
    expect(database.outcomes.list().map((outcome) => [outcome.modelId, outcome.userFeedback])).toEqual([
      ['local:tiny', null],
      ['anthropic:sonnet', -1],
      ['local:small', null],
    ]);
  });
});
