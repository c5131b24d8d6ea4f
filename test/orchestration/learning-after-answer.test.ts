import { afterEach, describe, expect, it } from 'vitest';
import type { Outcome } from '../../electron/shared/domain.js';
import { Conductor } from '../../electron/core/orchestration/conductor.js';
import { StaticModelPool } from '../../electron/core/orchestration/model-pool.js';
import type { SuccessEstimator } from '../../electron/core/learning/success-estimator.js';
import { TierPriorEstimator } from '../../electron/core/learning/tier-priors.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { EventLog, wordInspector } from '../support/conductor-fixture.js';
import { ProgrammableModel } from '../support/programmable-model.js';

let database: BatonDatabase;
afterEach(() => database?.close());

/** The tier priors, with every outcome the conductor teaches recorded. */
function recordingEstimator(): { estimator: SuccessEstimator; observed: Outcome[] } {
  const priors = new TierPriorEstimator();
  const observed: Outcome[] = [];
  return { observed, estimator: { estimate: (query) => priors.estimate(query), observe: (outcome) => void observed.push(outcome) } };
}

function setup(estimator: SuccessEstimator): Conductor {
  database = openDatabase(':memory:');
  const local = new ProgrammableModel('local:small', { locality: 'on-device', answer: () => 'The moon is a natural satellite of the Earth.' });
  return new Conductor({ database, models: new StaticModelPool([{ model: local, tier: 'local', strength: 0 }]), privacy: wordInspector(), estimator, settings: { dailyBudgetUsd: null } });
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('what a run teaches routing, once its answer is out', () => {
  it('is learned in the turn after the run returns, and its events are all stored by then', async () => {
    const { estimator, observed } = recordingEstimator();
    const conductor = setup(estimator);
    const events = new EventLog();
    const result = await conductor.run({ text: 'Tell me about the moon', onEvent: events.listener });
    expect(observed).toEqual([]);
    // Every event the run reported is stored when it returns, in order (streamed text aside).
    expect(database.runEvents.listByRun(result.runId).map((event) => event.type)).toEqual(
      events.types.filter((type) => type !== 'answer-delta' && type !== 'subtask-delta'),
    );
    await nextTurn();
    expect(observed.map((outcome) => [outcome.modelId, outcome.success])).toEqual([['local:small', true]]);
    expect(observed[0]!.id).toBe(database.outcomes.list()[0]!.id);
  });

  it('teaches nothing when its conversation is deleted before that turn', async () => {
    const { estimator, observed } = recordingEstimator();
    const conductor = setup(estimator);
    const result = await conductor.run({ text: 'Tell me about the moon' });
    database.conversations.delete(result.conversationId);
    await nextTurn();
    expect(observed).toEqual([]);
  });
});
