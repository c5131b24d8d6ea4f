import { randomUUID } from 'node:crypto';
import { BatonError } from '../../shared/errors.js';
import type { Subtask, SubtaskStatus } from '../../shared/domain.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';

interface SubtaskRow {
  id: string;
  run_id: string;
  key: string;
  instruction: string;
  kind: string;
  difficulty: number;
  depends_on: string;
  model_id: string | null;
  reason: string | null;
  status: SubtaskStatus;
  result: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  started_at: string | null;
  finished_at: string | null;
}

export interface CreateSubtaskInput {
  runId: string;
  key: string;
  instruction: string;
  kind: string;
  difficulty: number;
  dependsOn?: string[];
  modelId?: string | null;
  reason?: string | null;
  /** 'pending' unless given; 'running' stamps startedAt. */
  status?: SubtaskStatus;
}

/**
 * What changes as a subtask is routed, run and evaluated; fields left out keep their value.
 * A status change to 'running' stamps startedAt, and to an end state stamps finishedAt, unless
 * the change gives them.
 */
export type SubtaskChanges = Partial<
  Pick<
    Subtask,
    'modelId' | 'reason' | 'status' | 'result' | 'inputTokens' | 'outputTokens' | 'costUsd' | 'startedAt' | 'finishedAt'
  >
>;

export class SubtaskRepository {
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly getStatement;
  private readonly listStatement;
  private readonly updateTransaction;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.insertStatement = connection.prepare<[SubtaskRow]>(
      `INSERT INTO subtasks (id, run_id, key, instruction, kind, difficulty, depends_on, model_id, reason, status,
                             result, input_tokens, output_tokens, cost_usd, started_at, finished_at)
       VALUES (@id, @run_id, @key, @instruction, @kind, @difficulty, @depends_on, @model_id, @reason, @status,
               @result, @input_tokens, @output_tokens, @cost_usd, @started_at, @finished_at)`,
    );
    // One statement for every partial update: the merge happens in TypeScript (so a field can
    // also be set back to null), and the row is written whole.
    this.updateStatement = connection.prepare<[SubtaskRow]>(
      `UPDATE subtasks
       SET model_id = @model_id, reason = @reason, status = @status, result = @result,
           input_tokens = @input_tokens, output_tokens = @output_tokens, cost_usd = @cost_usd,
           started_at = @started_at, finished_at = @finished_at
       WHERE id = @id`,
    );
    this.getStatement = connection.prepare<[string], SubtaskRow>('SELECT * FROM subtasks WHERE id = ?');
    this.listStatement = connection.prepare<[string], SubtaskRow>(
      'SELECT * FROM subtasks WHERE run_id = ? ORDER BY rowid',
    );
    this.updateTransaction = connection.transaction((id: string, changes: SubtaskChanges): SubtaskRow => {
      const current = this.getStatement.get(id);
      if (current === undefined) throw new BatonError('storage', `There is no subtask ${id}.`);
      const stamps = this.stampsFor(changes, current);
      const next: SubtaskRow = {
        ...current,
        model_id: pick(changes.modelId, current.model_id),
        reason: pick(changes.reason, current.reason),
        status: pick(changes.status, current.status),
        result: pick(changes.result, current.result),
        input_tokens: pick(changes.inputTokens, current.input_tokens),
        output_tokens: pick(changes.outputTokens, current.output_tokens),
        cost_usd: pick(changes.costUsd, current.cost_usd),
        started_at: pick(changes.startedAt, stamps.startedAt),
        finished_at: pick(changes.finishedAt, stamps.finishedAt),
      };
      this.updateStatement.run(next);
      return next;
    });
  }

  create(input: CreateSubtaskInput): Subtask {
    const status = input.status ?? 'pending';
    const now = this.clock();
    const row: SubtaskRow = {
      id: randomUUID(),
      run_id: input.runId,
      key: input.key,
      instruction: input.instruction,
      kind: input.kind,
      difficulty: input.difficulty,
      depends_on: JSON.stringify(input.dependsOn ?? []),
      model_id: input.modelId ?? null,
      reason: input.reason ?? null,
      status,
      result: null,
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      started_at: status === 'running' ? now : null,
      finished_at: isEndState(status) ? now : null,
    };
    this.insertStatement.run(row);
    return toSubtask(row);
  }

  /** Applies the changes and returns the subtask as stored. */
  update(id: string, changes: SubtaskChanges): Subtask {
    return toSubtask(this.updateTransaction(id, changes));
  }

  private stampsFor(changes: SubtaskChanges, current: SubtaskRow): { startedAt: string | null; finishedAt: string | null } {
    const entering = changes.status !== undefined && changes.status !== current.status ? changes.status : undefined;
    return {
      startedAt: entering === 'running' && current.started_at === null ? this.clock() : current.started_at,
      finishedAt: entering !== undefined && isEndState(entering) ? this.clock() : current.finished_at,
    };
  }

  get(id: string): Subtask | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : toSubtask(row);
  }

  /** In the order they were created (the plan's order). */
  listByRun(runId: string): Subtask[] {
    return this.listStatement.all(runId).map(toSubtask);
  }
}

function isEndState(status: SubtaskStatus): boolean {
  return status === 'finished' || status === 'failed' || status === 'cancelled';
}

/** `undefined` means "not given"; `null` is a value to store. */
function pick<T>(given: T | undefined, current: T): T {
  return given === undefined ? current : given;
}

function toSubtask(row: SubtaskRow): Subtask {
  return {
    id: row.id,
    runId: row.run_id,
    key: row.key,
    instruction: row.instruction,
    kind: row.kind,
    difficulty: row.difficulty,
    dependsOn: JSON.parse(row.depends_on) as string[],
    modelId: row.model_id,
    reason: row.reason,
    status: row.status,
    result: row.result,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}
