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

/** A cloud answer a local model may try in the background (shadow learning), with what it needs. */
export interface ShadowCandidate {
  /** The cloud outcome it would be compared with. */
  outcomeId: string;
  subtaskId: string;
  cloudModelId: string;
  kind: string;
  difficulty: number;
  instruction: string;
  /** The cloud model's answer, which the local one is compared with. */
  cloudAnswer: string;
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
  private readonly shadowCandidatesStatement;

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
       WHERE subtasks.run_id = @runId AND (@subtaskKey IS NULL OR subtasks.key = @subtaskKey) AND outcomes.model_id = subtasks.model_id
       ORDER BY outcomes.created_at, outcomes.rowid`,
    );
    // Only what a local model can answer from the subtask's own text: a first question (no history
    // it would miss), no inputs from other subtasks, no documents' passages. Judged good (by the
    // evaluator, or the person's thumbs up), answered by the model the outcome is of, and not yet
    // answered on this device (a shadow run, or the cascade's first try).
    this.shadowCandidatesStatement = connection.prepare<[{ limit: number }], Omit<ShadowCandidate, 'outcomeId' | 'subtaskId' | 'cloudModelId' | 'cloudAnswer'> & { outcome_id: string; subtask_id: string; model_id: string; result: string }>(
      `SELECT outcomes.id AS outcome_id, outcomes.subtask_id, outcomes.model_id, subtasks.kind, subtasks.difficulty,
              subtasks.instruction, subtasks.result, outcome_features.features
       FROM outcomes
       JOIN outcome_features ON outcome_features.outcome_id = outcomes.id
       JOIN subtasks ON subtasks.id = outcomes.subtask_id
       JOIN runs ON runs.id = subtasks.run_id
       JOIN messages AS question ON question.id = runs.user_message_id
       WHERE outcome_features.tier <> 'local'
         AND CASE WHEN outcomes.user_feedback IS NULL THEN outcomes.success = 1 ELSE outcomes.user_feedback > 0 END
         AND subtasks.depends_on = '[]' AND subtasks.status = 'finished'
         AND subtasks.model_id = outcomes.model_id AND subtasks.result IS NOT NULL AND subtasks.result <> ''
         AND NOT EXISTS (
           SELECT 1 FROM outcomes AS tried JOIN outcome_features AS tried_features ON tried_features.outcome_id = tried.id
           WHERE tried.subtask_id = outcomes.subtask_id AND tried_features.tier = 'local')
         AND NOT EXISTS (
           SELECT 1 FROM messages AS earlier
           WHERE earlier.conversation_id = runs.conversation_id AND (earlier.created_at, earlier.rowid) < (question.created_at, question.rowid))
         AND NOT EXISTS (SELECT 1 FROM documents WHERE documents.conversation_id = runs.conversation_id)
       ORDER BY outcomes.created_at DESC, outcomes.rowid DESC
       LIMIT @limit`,
    );
  }

  save(outcomeId: string, tier: ModelTier, features: Buffer): void {
    this.insertStatement.run({ outcomeId, tier, features });
  }

  /** The latest `limit` outcomes that have features, oldest first: the order they were learned in. */
  recent(limit: number): StoredOutcomeFeatures[] {
    return this.recentStatement.all({ limit }).map(toStored);
  }

  /** The latest cloud answers a local model may try in the background, newest first (see the statement's comment). */
  shadowCandidates(limit: number): ShadowCandidate[] {
    return this.shadowCandidatesStatement.all({ limit }).map((row) => ({
      outcomeId: row.outcome_id,
      subtaskId: row.subtask_id,
      cloudModelId: row.model_id,
      kind: row.kind,
      difficulty: row.difficulty,
      instruction: row.instruction,
      cloudAnswer: row.result,
      features: row.features,
    }));
  }

  /**
   * The outcomes a rating of the run (or of one subtask, by its plan key) reaches, with their
   * features, as they are now: those of the model whose result each subtask kept.
   */
  ofRun(runId: string, subtaskKey?: string): StoredOutcomeFeatures[] {
    return this.ofRunStatement.all({ runId, subtaskKey: subtaskKey ?? null }).map(toStored);
  }
}

function toStored(row: OutcomeRow & { tier: ModelTier; features: Buffer }): StoredOutcomeFeatures {
  return { outcome: toOutcome(row), tier: row.tier, features: row.features };
}
