import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { learnedStateFile, LearnedStateFileError, parseLearnedStateFile } from '../../electron/core/learning/learned-state-file.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { reading, steppingClock } from '../storage/stepping-clock.js';

let database: BatonDatabase;
beforeEach(() => {
  database = openDatabase(':memory:', { clock: steppingClock() });
});
afterEach(() => database.close());

const common = { kind: 'code', difficulty: 2, inputTokens: 1000, outputTokens: 200, latencyMs: 800, costUsd: 0 };

describe('learned routing state: export and import', () => {
  it('exports every outcome without its id or subtask, and an import replaces the state with exactly those', () => {
    database.outcomes.record({ ...common, modelId: 'local:qwen', success: true, score: 0.75 });
    database.outcomes.record({ ...common, modelId: 'anthropic:claude-haiku-4-5', success: false, userFeedback: -1, costUsd: 0.002 });
    const file = learnedStateFile(database.outcomes.list(), '2026-12-01T13:00:00.000Z');
    expect(file).toEqual({
      format: 'baton-learned-routing',
      version: 1,
      exportedAt: '2026-12-01T13:00:00.000Z',
      outcomes: [
        { ...common, modelId: 'local:qwen', success: true, score: 0.75, userFeedback: null, createdAt: reading(0) },
        { ...common, modelId: 'anthropic:claude-haiku-4-5', success: false, score: null, userFeedback: -1, costUsd: 0.002, createdAt: reading(1) },
      ],
    });

    // Into a database that learned something else: that is gone, the file's outcomes are there with their own dates.
    const other = openDatabase(':memory:', { clock: steppingClock() });
    try {
      other.outcomes.record({ ...common, modelId: 'openai:gpt-5', success: true });
      other.outcomes.replaceAll(parseLearnedStateFile(JSON.stringify(file)));
      expect(other.outcomes.list().map(({ id: _id, subtaskId, ...rest }) => ({ subtaskId, ...rest }))).toEqual(file.outcomes.map((outcome) => ({ subtaskId: null, ...outcome })));
    } finally {
      other.close();
    }
  });

  it('reset forgets every outcome and says how many', () => {
    database.outcomes.record({ ...common, modelId: 'local:qwen', success: true });
    database.outcomes.record({ ...common, modelId: 'local:qwen', success: false });
    expect(database.outcomes.deleteAll()).toBe(2);
    expect(database.outcomes.list()).toEqual([]);
    expect(database.outcomes.deleteAll()).toBe(0);
  });

  const valid = learnedStateFile([], '2026-12-01T13:00:00.000Z');
  const outcome = { ...common, modelId: 'local:qwen', success: true, score: null, userFeedback: null, createdAt: '2026-12-01T12:00:00.000Z' };
  it.each([
    ['not JSON', 'outcomes: 3', 'the file is not JSON: it was not written by `baton stats --export`'],
    ['another format', JSON.stringify({ format: 'something-else', version: 1 }), 'the file is not Baton\'s learned routing state (its "format" is not "baton-learned-routing")'],
    ['a JSON array', '[]', 'the file is not Baton\'s learned routing state (its "format" is not "baton-learned-routing")'],
    ['a later version', JSON.stringify({ ...valid, version: 2 }), 'the file is version 2 of the learned routing state; this Baton reads version 1'],
    ['no outcomes', JSON.stringify({ ...valid, outcomes: undefined }), 'the file does not fit: outcomes: Invalid input: expected array, received undefined'],
    ['a difficulty out of range', JSON.stringify({ ...valid, outcomes: [outcome, { ...outcome, difficulty: 7 }] }), 'the file does not fit: outcomes[1].difficulty: Too big: expected number to be <=5'],
    ['success as text', JSON.stringify({ ...valid, outcomes: [{ ...outcome, success: 'yes' }] }), 'the file does not fit: outcomes[0].success: Invalid input: expected boolean, received string'],
    ['prompt text, which no export holds', JSON.stringify({ ...valid, outcomes: [{ ...outcome, prompt: 'a secret' }] }), 'the file does not fit: outcomes[0]: Unrecognized key: "prompt"'],
  ])('refuses %s with a clear message', (_name, text, message) => {
    expect(() => parseLearnedStateFile(text)).toThrow(new LearnedStateFileError(message));
  });

  it('reads back an empty export', () => {
    expect(parseLearnedStateFile(JSON.stringify(valid))).toEqual([]);
    expect(parseLearnedStateFile(JSON.stringify({ ...valid, outcomes: [outcome] }))).toEqual([outcome]);
  });
});
