import type { Outcome } from '../../shared/domain.js';
import type { ModelTier } from '../../shared/plan.js';
import type { Connection } from './connection.js';
import { toOutcome, type OutcomeRow } from './outcome-repository.js';

/** An outcome with the hashed features of the prompt it answered, as stored (see feature-encoding.ts). */
export interface StoredOutcomeFeatures {
  outcome: Outcome;
  tier: ModelTier;
  features: Buffer;
}

/**
 * The `outcome_features` table: per outcome the router learned from, its prompt's hashed
 * features and its model's tier. Rows go with their outcome (a deleted conversation, a reset).
 */
export class OutcomeFeatureRepository {
  private readonly insertStatement;
  private readonly recentStatement;
  private readonly ofRunStatement;

  constructor(connection: Connection) {
    this.insertStatement = connection.prepare<[{ outcomeId: string; tier: string; features: Buffer }]>(
      'INSERT OR REPLACE INTO outcome_features (outcome_id, tier, features) VALUES (@outcomeId, @tier, @features)',
    );
    this.recentStatement = connection.prepare<[{ limit: number }], OutcomeRow & { tier: ModelTier; features: Buffer }>(
      `SELECT * FROM (
         SELECT outcomes.*, outcomes.rowid AS row_order, outcome_features.tier, outcome_features.features
         FROM outcome_features JOIN outcomes ON outcomes.id = outcome_features.outcome_id
         ORDER BY outcomes.created_at DESC, outcomes.rowid DESC
         LIMIT @limit)
       ORDER BY created_at, row_order`,
    );
    this.ofRunStatement = connection.prepare<[{ runId: string; subtaskKey: string | null }], OutcomeRow & { tier: ModelTier; features: Buffer }>(
      `SELECT outcomes.*, outcome_features.tier, outcome_features.features
       FROM outcome_features
       JOIN outcomes ON outcomes.id = outcome_features.outcome_id
       JOIN subtasks ON subtasks.id = outcomes.subtask_id
       WHERE subtasks.run_id = @runId AND (@subtaskKey IS NULL OR subtasks.key = @subtaskKey)
       ORDER BY outcomes.created_at, outcomes.rowid`,
    );
  }

  save(outcomeId: string, tier: ModelTier, features: Buffer): void {
    this.insertStatement.run({ outcomeId, tier, features });
  }

  /** The latest `limit` outcomes that have features, oldest first: the order they were learned in. */
  recent(limit: number): StoredOutcomeFeatures[] {
    return this.recentStatement.all({ limit }).map(toStored);
  }

  /** The outcomes of a run's subtasks (or of one, by its plan key) that have features, as they are now (a rating in). */
  ofRun(runId: string, subtaskKey?: string): StoredOutcomeFeatures[] {
    return this.ofRunStatement.all({ runId, subtaskKey: subtaskKey ?? null }).map(toStored);
  }
}

function toStored(row: OutcomeRow & { tier: ModelTier; features: Buffer }): StoredOutcomeFeatures {
  return { outcome: toOutcome(row), tier: row.tier, features: row.features };
}
