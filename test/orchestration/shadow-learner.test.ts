import { afterEach, describe, expect, it } from 'vitest';
import { DatabasePromptMemory } from '../../electron/core/learning/database-prompt-memory.js';
import { LearnedSuccessEstimator, OutcomeLog } from '../../electron/core/learning/outcome-log.js';
import { PromptAwareSuccessEstimator } from '../../electron/core/learning/prompt-aware-estimator.js';
import { hashPromptFeatures } from '../../electron/core/learning/prompt-features.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import { ShadowLearner } from '../../electron/core/orchestration/shadow-learner.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { ScriptedModel, type ScriptedAnswer } from '../support/scripted-model.js';

let database: BatonDatabase;
afterEach(() => database?.close());

/**
 * A conversation whose question `text` a cloud model answered with `cloudAnswer`, recorded as the
 * conductor records it: the subtask with its result, the outcome, and its features.
 */
function cloudAnswered(
  estimator: PromptAwareSuccessEstimator,
  text: string,
  cloudAnswer: string,
  options: { kind?: string; success?: boolean; earlierTurn?: boolean; conversationId?: string } = {},
): { conversationId: string; subtaskId: string; outcomeId: string } {
  const conversationId = options.conversationId ?? database.conversations.create({ title: text }).id;
  if (options.earlierTurn) {
    database.messages.append({ conversationId, role: 'user', content: 'Hello' });
    database.messages.append({ conversationId, role: 'assistant', content: 'Hi.' });
  }
  const question = database.messages.append({ conversationId, role: 'user', content: text });
  const answer = database.messages.append({ conversationId, role: 'assistant', content: cloudAnswer });
  const runId = `run-${question.id}`;
  database.runs.start({ id: runId, conversationId, userMessageId: question.id, assistantMessageId: answer.id });
  const kind = options.kind ?? 'math';
  const subtask = database.subtasks.create({ runId, key: 's1', instruction: text, kind, difficulty: 2, modelId: 'anthropic:sonnet' });
  database.subtasks.update(subtask.id, { status: 'finished', result: cloudAnswer });
  // Asked first, as the router does: the estimator learns the cloud model's tier from the question.
  estimator.estimate({ modelId: 'anthropic:sonnet', tier: 'strong', kind: 'math', difficulty: 2, features: hashPromptFeatures(text) });
  const outcome = database.outcomes.record({ subtaskId: subtask.id, modelId: 'anthropic:sonnet', kind, difficulty: 2, success: options.success ?? true, inputTokens: 20, outputTokens: 20, latencyMs: 900, costUsd: 0.001 });
  estimator.observe(outcome, hashPromptFeatures(text));
  return { conversationId, subtaskId: subtask.id, outcomeId: outcome.id };
}

function setup(localAnswers: ScriptedAnswer[]) {
  database = openDatabase(':memory:');
  const estimator = new PromptAwareSuccessEstimator(new LearnedSuccessEstimator(new OutcomeLog(database)), undefined, new DatabasePromptMemory(database.outcomeFeatures));
  const local = new ScriptedModel('local:small', localAnswers);
  const learner = new ShadowLearner({
    database,
    models: new StaticModelPool([{ model: local }, { model: new ScriptedModel('anthropic:sonnet', [], 'cloud') }]),
    estimator,
    settings: () => ({ systemPrompt: '', answerTokens: 256, subtaskTimeoutMs: 10_000 }),
  });
  return { estimator, local, learner };
}

describe('shadow learning', () => {
  it('answers a cloud-answered question on the local model, records whether it would have done, and teaches routing', async () => {
    // Newest first: the pears question gets the first answer.
    const { estimator, local, learner } = setup([{ chunks: ['5 + 5 = 11, so 11.'] }, { chunks: ['4 * 3 = 12. He has 12 apples.'] }]);
    const apples = cloudAnswered(estimator, 'Tom has 4 bags of 3 apples. How many apples?', 'He has 4 * 3 = 12 apples.\n#### 12');
    const pears = cloudAnswered(estimator, 'Ann has 5 pears and buys 5 more. How many pears?', '5 + 5 = 10.\n#### 10');

    const newest = await learner.runOnce(new AbortController().signal);
    expect(local.requests[0]?.messages).toEqual([{ role: 'user', content: 'Ann has 5 pears and buys 5 more. How many pears?' }]);
    expect(newest).toMatchObject({ cloudOutcomeId: pears.outcomeId, localModelId: 'local:small', verdict: { goodEnough: false } });
    expect(newest?.outcome).toMatchObject({ subtaskId: pears.subtaskId, modelId: 'local:small', kind: 'math', success: false, costUsd: 0 });

    const older = await learner.runOnce(new AbortController().signal);
    expect(older).toMatchObject({ cloudOutcomeId: apples.outcomeId, verdict: { goodEnough: true, reason: 'both answers end with 12' } });
    // Each question once.
    expect(await learner.runOnce(new AbortController().signal)).toBeUndefined();
    expect(local.requests).toHaveLength(2);

    // Kept with features like any outcome, so routing relearns it after a restart.
    expect(database.outcomeFeatures.recent(10).map((stored) => [stored.outcome.modelId, stored.tier, stored.outcome.success])).toEqual([
      ['anthropic:sonnet', 'strong', true],
      ['anthropic:sonnet', 'strong', true],
      ['local:small', 'local', false],
      ['local:small', 'local', true],
    ]);
    const estimate = estimator.estimate({ modelId: 'local:small', tier: 'local', kind: 'math', difficulty: 2, features: hashPromptFeatures('Tom has 4 bags of 3 apples.') });
    expect(estimate.basis).toContain('adjusted by the prompt (2 outcomes learned)');
  });

  it('leaves alone what a local model cannot answer from the instruction alone, weak cloud answers, and what ran locally already', async () => {
    const { estimator, local, learner } = setup([]);
    cloudAnswered(estimator, 'And what about 7 times 8?', '56\n#### 56', { earlierTurn: true });
    cloudAnswered(estimator, 'What is 2 + 2?', '5\n#### 5', { success: false });
    const withDocument = cloudAnswered(estimator, 'What does page 3 say?', 'It says 42.\n#### 42');
    database.connection
      .prepare("INSERT INTO documents (id, conversation_id, name, kind, title, page_count, chunk_count, content_hash, byte_count, added_at) VALUES ('d1', ?, 'r.pdf', 'pdf', NULL, 3, 1, 'h', 10, '2026-01-01T00:00:00.000Z')")
      .run(withDocument.conversationId);
    const cascaded = cloudAnswered(estimator, 'What is 6 * 7?', '#### 42');
    estimator.estimate({ modelId: 'local:small', tier: 'local', kind: 'math', difficulty: 2, features: hashPromptFeatures('What is 6 * 7?') });
    const tried = database.outcomes.record({ subtaskId: cascaded.subtaskId, modelId: 'local:small', kind: 'math', difficulty: 2, success: false, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });
    estimator.observe(tried, hashPromptFeatures('What is 6 * 7?'));

    expect(database.outcomeFeatures.shadowCandidates(10)).toEqual([]);
    expect(await learner.runOnce(new AbortController().signal)).toBeUndefined();
    expect(local.requests).toHaveLength(0);
  });

  it('records nothing when stopped, so the question is tried again later', async () => {
    const { estimator, learner } = setup([{ chunks: ['12', '.'], delayMs: 50 }]);
    cloudAnswered(estimator, 'Tom has 4 bags of 3 apples. How many apples?', '#### 12');
    const controller = new AbortController();
    const running = learner.runOnce(controller.signal);
    setTimeout(() => controller.abort(), 10);
    expect(await running).toBeUndefined();
    expect(database.outcomes.list().map((outcome) => outcome.modelId)).toEqual(['anthropic:sonnet']);
    expect(database.outcomeFeatures.shadowCandidates(10)).toHaveLength(1);
  });
});
