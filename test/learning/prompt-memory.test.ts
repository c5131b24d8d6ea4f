import { afterEach, describe, expect, it } from 'vitest';
import { DatabasePromptMemory } from '../../electron/core/learning/database-prompt-memory.js';
import { LearnedSuccessEstimator, OutcomeLog } from '../../electron/core/learning/outcome-log.js';
import { learnedLabel, PromptAwareSuccessEstimator } from '../../electron/core/learning/prompt-aware-estimator.js';
import { hashPromptFeatures } from '../../electron/core/learning/prompt-features.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import type { SuccessQuery } from '../../electron/core/learning/success-estimator.js';

let database: BatonDatabase;
afterEach(() => database?.close());

const taxPrompt = (round: number) => `Explain the capital gains tax on shares sold abroad, case ${round}`;
const skyPrompt = (round: number) => `Explain why the sky is blue, case ${round}`;

function estimatorOn(db: BatonDatabase) {
  const log = new OutcomeLog(db);
  const memory = new DatabasePromptMemory(db.outcomeFeatures);
  return { log, memory, estimator: new PromptAwareSuccessEstimator(new LearnedSuccessEstimator(log), undefined, memory) };
}

function localQuery(text: string): SuccessQuery {
  return { modelId: 'local:qwen', tier: 'local', kind: 'reasoning', difficulty: 2, features: hashPromptFeatures(text) };
}

/** A conversation whose runs each have one local subtask: tax questions fail, sky questions succeed. */
function learnConversation(db: BatonDatabase, estimator: PromptAwareSuccessEstimator, rounds: number): { conversationId: string; runIds: string[] } {
  const conversation = db.conversations.create({ title: 'Questions' });
  const runIds: string[] = [];
  for (let round = 0; round < rounds; round += 1) {
    for (const [text, success] of [
      [taxPrompt(round), false],
      [skyPrompt(round), true],
    ] as const) {
      const user = db.messages.append({ conversationId: conversation.id, role: 'user', content: text });
      const assistant = db.messages.append({ conversationId: conversation.id, role: 'assistant', content: 'An answer.' });
      const runId = `run-${runIds.length}`;
      db.runs.start({ id: runId, conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
      const subtask = db.subtasks.create({ runId, key: 's1', instruction: text, kind: 'reasoning', difficulty: 2, modelId: 'local:qwen' });
      // Asked first, as the router does: the estimator learns the model's tier from the question.
      estimator.estimate(localQuery(text));
      const outcome = db.outcomes.record({ subtaskId: subtask.id, modelId: 'local:qwen', kind: 'reasoning', difficulty: 2, success, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });
      estimator.observe(outcome, hashPromptFeatures(text));
      runIds.push(runId);
    }
  }
  return { conversationId: conversation.id, runIds };
}

describe('what routing learned from prompts, kept in the database', () => {
  it('survives a restart: a new estimator on the same database learns it again from the stored features', () => {
    database = openDatabase(':memory:');
    const live = estimatorOn(database);
    learnConversation(database, live.estimator, 12);
    const liveTax = live.estimator.estimate(localQuery('Explain the capital gains tax on shares sold abroad')).probability;
    const liveSky = live.estimator.estimate(localQuery('Explain why the sky is blue')).probability;
    expect(liveSky - liveTax).toBeGreaterThan(0.1);

    const restarted = estimatorOn(database);
    const tax = restarted.estimator.estimate(localQuery('Explain the capital gains tax on shares sold abroad'));
    const sky = restarted.estimator.estimate(localQuery('Explain why the sky is blue'));
    expect(tax.basis).toContain('adjusted by the prompt (24 outcomes learned)');
    expect(sky.probability - tax.probability).toBeGreaterThan(0.1);
    expect(Math.abs(tax.probability - liveTax)).toBeLessThan(0.05);
    expect(Math.abs(sky.probability - liveSky)).toBeLessThan(0.05);
  });

  it('learns an outcome told before the first estimate after a restart once, not again from the memory', () => {
    database = openDatabase(':memory:');
    learnConversation(database, estimatorOn(database).estimator, 12);
    const restarted = estimatorOn(database).estimator;
    const outcome = database.outcomes.record({ modelId: 'local:qwen', kind: 'reasoning', difficulty: 2, success: true, inputTokens: 1, outputTokens: 1, latencyMs: 1, costUsd: 0 });
    restarted.observe(outcome, hashPromptFeatures('Explain why the sea is salty'), 'local');
    expect(restarted.estimate(localQuery('Explain why the sky is blue')).basis).toContain('adjusted by the prompt (25 outcomes learned)');
  });

  it('keeps bucket numbers and weights only: no word of the prompt is in the stored bytes', () => {
    database = openDatabase(':memory:');
    learnConversation(database, estimatorOn(database).estimator, 1);
    const rows = database.connection.prepare('SELECT tier, features FROM outcome_features').all() as { tier: string; features: Buffer }[];
    expect(rows.map((row) => row.tier)).toEqual(['local', 'local']);
    for (const row of rows) expect(row.features.toString('latin1')).not.toMatch(/capital|sky|Explain/);
  });

  it('goes with its conversation: deleted rows, and the estimate back on the floor once forgotten', () => {
    database = openDatabase(':memory:');
    const { estimator, log } = estimatorOn(database);
    const { conversationId } = learnConversation(database, estimator, 12);
    const taxQuery = localQuery('Explain the capital gains tax on shares sold abroad');
    expect(estimator.estimate(taxQuery).basis).toContain('adjusted by the prompt');

    database.conversations.delete(conversationId);
    expect(database.connection.prepare('SELECT COUNT(*) AS count FROM outcome_features').get()).toEqual({ count: 0 });
    log.reset();
    estimator.forget();
    expect(estimator.estimate(taxQuery)).toEqual(new LearnedSuccessEstimator(new OutcomeLog(database)).estimate(taxQuery));
    expect(estimatorOn(database).estimator.estimate(taxQuery).basis).toBe('local-tier prior');
  });

  it('learns a rating given later, live and after a restart', () => {
    database = openDatabase(':memory:');
    const { estimator, memory } = estimatorOn(database);
    const { runIds } = learnConversation(database, estimator, 6);
    const skyQuery = localQuery('Explain why the sky is blue');
    const before = estimator.estimate(skyQuery).probability;
    const skyRuns = runIds.filter((_, index) => index % 2 === 1);
    for (const runId of skyRuns) {
      database.outcomes.rateRun(runId, -1);
      estimator.learnAgain(memory.ofRun(runId));
    }
    const afterLive = estimator.estimate(skyQuery).probability;
    expect(afterLive).toBeLessThan(before - 0.05);
    expect(estimatorOn(database).estimator.estimate(skyQuery).probability).toBeLessThan(before - 0.05);
    expect(memory.ofRun(skyRuns[0]!).map((remembered) => remembered.outcome.userFeedback)).toEqual([-1]);
    expect(memory.ofRun(skyRuns[0]!, 's2')).toEqual([]);
  });

  it('relearns only the latest outcomes it keeps', () => {
    database = openDatabase(':memory:');
    learnConversation(database, estimatorOn(database).estimator, 3);
    const latest = [...new DatabasePromptMemory(database.outcomeFeatures, 2).recall()];
    expect(latest.map((remembered) => remembered.outcome.success)).toEqual([false, true]);
    expect(database.outcomeFeatures.recent(10).map((stored) => stored.outcome.success)).toEqual([false, true, false, true, false, true]);
  });
});

describe('the label an outcome teaches', () => {
  it('is the rating when there is one, graded for a soft down, else the evaluator\'s verdict', () => {
    expect(learnedLabel({ success: true, userFeedback: null })).toBe(1);
    expect(learnedLabel({ success: false, userFeedback: null })).toBe(0);
    expect(learnedLabel({ success: false, userFeedback: 1 })).toBe(1);
    expect(learnedLabel({ success: true, userFeedback: -1 })).toBe(0);
    expect(learnedLabel({ success: true, userFeedback: -0.5 })).toBe(0.25);
  });
});
