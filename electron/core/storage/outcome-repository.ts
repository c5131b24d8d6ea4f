import { randomUUID } from 'node:crypto';
import type { Outcome, OutcomeSummary } from '../../shared/domain.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';

export interface OutcomeRow {
  id: string;
  subtask_id: string | null;
  model_id: string;
  kind: string;
  difficulty: number;
  score: number | null;
  success: 0 | 1;
  user_feedback: number | null;
  input_tokens: number;
  output_tokens: number;
  latency_ms: number;
  cost_usd: number;
  created_at: string;
}

interface SummaryRow {
  model_id: string;
  kind: string;
  count: number;
  success_count: number;
  average_score: number | null;
  total_cost_usd: number;
}

export type RecordOutcomeInput = Omit<Outcome, 'id' | 'createdAt' | 'subtaskId' | 'score' | 'userFeedback'> & {
  subtaskId?: string | null;
  score?: number | null;
  userFeedback?: number | null;
};

/** An outcome as kept outside Baton (an exported learned state): no id, and no subtask to tie it to a conversation. */
export type DetachedOutcome = Omit<Outcome, 'id' | 'subtaskId'>;

export interface OutcomeFilter {
  modelId?: string;
  kind?: string;
}

export class OutcomeRepository {
  private readonly insertStatement;
  /** One statement per filter shape, so each can use the (model_id, kind) index. */
  private readonly listStatements;
  private readonly summaryStatement;
  private readonly rateRunStatement;
  private readonly rateSubtaskStatement;
  private readonly rateUnratedRunStatement;
  private readonly deleteAllStatement;
  private readonly replaceAllTransaction;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.insertStatement = connection.prepare<[OutcomeRow]>(
      `INSERT INTO outcomes (id, subtask_id, model_id, kind, difficulty, score, success, user_feedback,
                             input_tokens, output_tokens, latency_ms, cost_usd, created_at)
       VALUES (@id, @subtask_id, @model_id, @kind, @difficulty, @score, @success, @user_feedback,
               @input_tokens, @output_tokens, @latency_ms, @cost_usd, @created_at)`,
    );
    const order = 'ORDER BY created_at, rowid';
    this.listStatements = {
      all: connection.prepare<[], OutcomeRow>(`SELECT * FROM outcomes ${order}`),
      byModel: connection.prepare<[{ modelId: string }], OutcomeRow>(
        `SELECT * FROM outcomes WHERE model_id = @modelId ${order}`,
      ),
      byKind: connection.prepare<[{ kind: string }], OutcomeRow>(`SELECT * FROM outcomes WHERE kind = @kind ${order}`),
      byModelAndKind: connection.prepare<[{ modelId: string; kind: string }], OutcomeRow>(
        `SELECT * FROM outcomes WHERE model_id = @modelId AND kind = @kind ${order}`,
      ),
    };
    // A rating is of the answer a person read: the outcome of the model whose result each subtask
    // kept, not a weaker attempt it escalated from, nor a local model's shadow try of the same subtask.
    const keptModel = 'model_id = (SELECT subtasks.model_id FROM subtasks WHERE subtasks.id = outcomes.subtask_id)';
    this.rateRunStatement = connection.prepare<[number | null, string]>(
      `UPDATE outcomes SET user_feedback = ? WHERE subtask_id IN (SELECT id FROM subtasks WHERE run_id = ?) AND ${keptModel}`,
    );
    this.rateSubtaskStatement = connection.prepare<[number | null, string, string]>(
      `UPDATE outcomes SET user_feedback = ? WHERE subtask_id IN (SELECT id FROM subtasks WHERE run_id = ? AND key = ?) AND ${keptModel}`,
    );
    this.rateUnratedRunStatement = connection.prepare<[number, string]>(
      `UPDATE outcomes SET user_feedback = ? WHERE user_feedback IS NULL AND subtask_id IN (SELECT id FROM subtasks WHERE run_id = ?) AND ${keptModel}`,
    );
    this.deleteAllStatement = connection.prepare('DELETE FROM outcomes');
    this.replaceAllTransaction = connection.transaction((outcomes: readonly DetachedOutcome[]) => {
      this.deleteAllStatement.run();
      for (const outcome of outcomes) this.insertStatement.run(toRow({ ...outcome, subtaskId: null }, outcome.createdAt));
    });
    this.summaryStatement = connection.prepare<[], SummaryRow>(
      // The person's rating, when given, decides success (judged-success.ts).
      `SELECT model_id, kind, COUNT(*) AS count,
              SUM(CASE WHEN user_feedback IS NULL THEN success ELSE user_feedback > 0 END) AS success_count,
              AVG(score) AS average_score, TOTAL(cost_usd) AS total_cost_usd
       FROM outcomes
       GROUP BY model_id, kind
       ORDER BY model_id, kind`,
    );
  }

  /**
   * The person's rating of an answer (+1, -1, or null to take it back), given to each subtask's
   * outcome of the model whose result it kept. Returns how many outcomes it reached.
   */
  rateRun(runId: string, rating: 1 | -1 | null): number {
    return this.rateRunStatement.run(rating, runId).changes;
  }

  /** The same for one subtask of the run (its plan key, `s1`...), rated in the run view: only its outcomes. */
  rateSubtask(runId: string, subtaskKey: string, rating: 1 | -1 | null): number {
    return this.rateSubtaskStatement.run(rating, runId, subtaskKey).changes;
  }

  /** A rating for the run's outcomes that have none (a regenerated answer's soft "down"); a person's rating stays. */
  rateUnratedRun(runId: string, rating: number): number {
    return this.rateUnratedRunStatement.run(rating, runId).changes;
  }

  record(input: RecordOutcomeInput): Outcome {
    const row = toRow(input, this.clock());
    this.insertStatement.run(row);
    return toOutcome(row);
  }

  /** Forgets every outcome (the learned routing state starts again from the tier priors); returns how many went. */
  deleteAll(): number {
    return this.deleteAllStatement.run().changes;
  }

  /** Replaces every outcome with `outcomes` (an imported learned state), in one transaction: all or nothing. */
  replaceAll(outcomes: readonly DetachedOutcome[]): void {
    this.replaceAllTransaction.immediate(outcomes);
  }

  /** Oldest first. */
  list(filter: OutcomeFilter = {}): Outcome[] {
    const { modelId, kind } = filter;
    const rows =
      modelId !== undefined && kind !== undefined
        ? this.listStatements.byModelAndKind.all({ modelId, kind })
        : modelId !== undefined
          ? this.listStatements.byModel.all({ modelId })
          : kind !== undefined
            ? this.listStatements.byKind.all({ kind })
            : this.listStatements.all.all();
    return rows.map(toOutcome);
  }

  /** One entry per model × kind that has outcomes, sorted by model then kind. */
  summary(): OutcomeSummary[] {
    return this.summaryStatement.all().map((row) => ({
      modelId: row.model_id,
      kind: row.kind,
      count: row.count,
      successCount: row.success_count,
      successRate: row.success_count / row.count,
      averageScore: row.average_score,
      totalCostUsd: row.total_cost_usd,
    }));
  }
}

function toRow(input: RecordOutcomeInput, createdAt: string): OutcomeRow {
  return {
    id: randomUUID(),
    subtask_id: input.subtaskId ?? null,
    model_id: input.modelId,
    kind: input.kind,
    difficulty: input.difficulty,
    score: input.score ?? null,
    success: input.success ? 1 : 0,
    user_feedback: input.userFeedback ?? null,
    input_tokens: input.inputTokens,
    output_tokens: input.outputTokens,
    latency_ms: input.latencyMs,
    cost_usd: input.costUsd,
    created_at: createdAt,
  };
}

export function toOutcome(row: OutcomeRow): Outcome {
  return {
    id: row.id,
    subtaskId: row.subtask_id,
    modelId: row.model_id,
    kind: row.kind,
    difficulty: row.difficulty,
    score: row.score,
    success: row.success === 1,
    userFeedback: row.user_feedback,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    latencyMs: row.latency_ms,
    costUsd: row.cost_usd,
    createdAt: row.created_at,
  };
}
