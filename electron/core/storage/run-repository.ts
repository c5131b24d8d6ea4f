import { randomUUID } from 'node:crypto';
import { BatonError, type SerializedError } from '../../shared/errors.js';
import type { Run, RunStatus } from '../../shared/domain.js';
import type { FinishReason } from '../../shared/language-model.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';

interface RunRow {
  id: string;
  conversation_id: string;
  user_message_id: string;
  assistant_message_id: string;
  status: RunStatus;
  writer_pid: number | null;
  started_at: string;
  finished_at: string | null;
  input_tokens: number;
  output_tokens: number;
  cost_usd: number;
  error: string | null;
  finish_reason: FinishReason | null;
  source: string | null;
}

export interface StartRunInput {
  /**
   * Lets the caller know the id before the run exists, so the assistant message (which must
   * exist first: the run refers to it) can already carry it as its runId.
   */
  id?: string;
  conversationId: string;
  userMessageId: string;
  assistantMessageId: string;
  /** Who asked, when it was not the app itself (see Run.source). */
  source?: string;
}

export interface FinishRunInput {
  status: Exclude<RunStatus, 'running'>;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** A BatonError fits here too; only its serializable fields are stored. */
  error?: SerializedError | null;
  /** Why the answer ended ('length': cut off at the token limit, which the UI says under it). */
  finishReason?: FinishReason;
}

export class RunRepository {
  private readonly insertStatement;
  private readonly finishStatement;
  private readonly getStatement;
  private readonly listStatement;
  private readonly sourceStatement;
  private readonly spendingStatement;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.insertStatement = connection.prepare<[RunRow]>(
      `INSERT INTO runs (id, conversation_id, user_message_id, assistant_message_id, status, writer_pid,
                         started_at, finished_at, input_tokens, output_tokens, cost_usd, error, source)
       VALUES (@id, @conversation_id, @user_message_id, @assistant_message_id, @status, @writer_pid,
               @started_at, @finished_at, @input_tokens, @output_tokens, @cost_usd, @error, @source)`,
    );
    this.finishStatement = connection.prepare<
      [
        {
          id: string;
          status: RunStatus;
          finished_at: string;
          input_tokens: number;
          output_tokens: number;
          cost_usd: number;
          error: string | null;
          finish_reason: FinishReason | null;
        },
      ]
    >(
      `UPDATE runs
       SET status = @status, writer_pid = NULL, finished_at = @finished_at, input_tokens = @input_tokens,
           output_tokens = @output_tokens, cost_usd = @cost_usd, error = @error, finish_reason = @finish_reason
       WHERE id = @id`,
    );
    this.getStatement = connection.prepare<[string], RunRow>('SELECT * FROM runs WHERE id = ?');
    this.listStatement = connection.prepare<[string], RunRow>(
      'SELECT * FROM runs WHERE conversation_id = ? ORDER BY started_at, rowid',
    );
    this.sourceStatement = connection.prepare<[string], { source: string }>(
      'SELECT source FROM runs WHERE conversation_id = ? AND source IS NOT NULL ORDER BY started_at, rowid LIMIT 1',
    );
    this.spendingStatement = connection.prepare<[string], { source: string; runs: number; cost_usd: number }>(
      'SELECT source, COUNT(*) AS runs, COALESCE(SUM(cost_usd), 0) AS cost_usd FROM runs WHERE source IS NOT NULL AND started_at >= ? GROUP BY source ORDER BY source',
    );
  }

  /** Records a run as 'running', written by this process (see recoverInterruptedWork). */
  start(input: StartRunInput): Run {
    const row: RunRow = {
      id: input.id ?? randomUUID(),
      conversation_id: input.conversationId,
      user_message_id: input.userMessageId,
      assistant_message_id: input.assistantMessageId,
      status: 'running',
      writer_pid: process.pid,
      started_at: this.clock(),
      finished_at: null,
      input_tokens: 0,
      output_tokens: 0,
      cost_usd: 0,
      error: null,
      finish_reason: null,
      source: input.source ?? null,
    };
    this.insertStatement.run(row);
    return toRun(row);
  }

  finish(id: string, input: FinishRunInput): Run {
    const changes = this.finishStatement.run({
      id,
      status: input.status,
      finished_at: this.clock(),
      input_tokens: input.inputTokens,
      output_tokens: input.outputTokens,
      cost_usd: input.costUsd,
      error: input.error == null ? null : JSON.stringify(pickSerializedError(input.error)),
      finish_reason: input.finishReason ?? null,
    }).changes;
    if (changes === 0) throw new BatonError('storage', `There is no run ${id}.`);
    return this.get(id)!;
  }

  get(id: string): Run | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : toRun(row);
  }

  /** Who asked in a conversation, when it was not the app itself: its first run's source (see Run.source), else null. */
  sourceOfConversation(conversationId: string): string | null {
    return this.sourceStatement.get(conversationId)?.source ?? null;
  }

  /** Runs started at `since` (ISO time) or later, per source, with what they cost; the app's own runs (no source) left out. */
  spendingBySource(since: string): Array<{ source: string; runs: number; costUsd: number }> {
    return this.spendingStatement.all(since).map((row) => ({ source: row.source, runs: row.runs, costUsd: row.cost_usd }));
  }

  /** Oldest first. */
  listByConversation(conversationId: string): Run[] {
    return this.listStatement.all(conversationId).map(toRun);
  }
}

/** Keeps the four transport fields: no stack, no cause, nothing a provider attached. */
function pickSerializedError(error: SerializedError): SerializedError {
  return { name: error.name, code: error.code, message: error.message, retryable: error.retryable };
}

function toRun(row: RunRow): Run {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    userMessageId: row.user_message_id,
    assistantMessageId: row.assistant_message_id,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    costUsd: row.cost_usd,
    error: row.error === null ? null : (JSON.parse(row.error) as SerializedError),
    finishReason: row.finish_reason,
    source: row.source,
  };
}
