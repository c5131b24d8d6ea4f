import { randomUUID } from 'node:crypto';
import { BatonError } from '../../shared/errors.js';
import type { Conversation } from '../../shared/domain.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';
import type { DataErasure } from './data-erasure.js';

interface ConversationRow {
  id: string;
  title: string;
  created_at: string;
  updated_at: string;
  pinned: 0 | 1;
  model_id: string | null;
  max_answer_tokens: number | null;
}

export interface ConversationListOptions {
  /** Matches the title or any message's content, case-insensitively for ASCII letters; taken literally (no wildcards). */
  search?: string;
  limit?: number;
}

export class ConversationRepository {
  private readonly insertStatement;
  private readonly getStatement;
  private readonly listStatement;
  private readonly searchStatement;
  private readonly renameStatement;
  private readonly touchStatement;
  private readonly pinStatement;
  private readonly setModelStatement;
  private readonly setAnswerLimitStatement;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
    private readonly erasure: DataErasure,
  ) {
    this.insertStatement = connection.prepare<[ConversationRow]>(
      `INSERT INTO conversations (id, title, created_at, updated_at, pinned, model_id, max_answer_tokens)
       VALUES (@id, @title, @created_at, @updated_at, @pinned, @model_id, @max_answer_tokens)`,
    );
    this.getStatement = connection.prepare<[string], ConversationRow>('SELECT * FROM conversations WHERE id = ?');
    // rowid breaks ties between rows written within the same millisecond: the later one wins.
    // A negative LIMIT means no limit in SQLite.
    this.listStatement = connection.prepare<[number], ConversationRow>(
      'SELECT * FROM conversations ORDER BY pinned DESC, updated_at DESC, rowid DESC LIMIT ?',
    );
    // LIKE over message content scans the messages; fine at desktop scale, FTS5 when it is not.
    this.searchStatement = connection.prepare<[{ pattern: string; limit: number }], ConversationRow>(
      `SELECT * FROM conversations AS conversation
       WHERE conversation.title LIKE @pattern ESCAPE '\\'
          OR EXISTS (SELECT 1 FROM messages
                     WHERE messages.conversation_id = conversation.id
                       AND messages.content LIKE @pattern ESCAPE '\\')
       ORDER BY conversation.pinned DESC, conversation.updated_at DESC, conversation.rowid DESC
       LIMIT @limit`,
    );
    this.renameStatement = connection.prepare<[{ id: string; title: string; now: string }]>(
      'UPDATE conversations SET title = @title, updated_at = @now WHERE id = @id',
    );
    this.touchStatement = connection.prepare<[{ id: string; now: string }]>(
      'UPDATE conversations SET updated_at = @now WHERE id = @id',
    );
    this.pinStatement = connection.prepare<[{ id: string; pinned: 0 | 1 }]>('UPDATE conversations SET pinned = @pinned WHERE id = @id');
    this.setModelStatement = connection.prepare<[{ id: string; model_id: string | null }]>('UPDATE conversations SET model_id = @model_id WHERE id = @id');
    this.setAnswerLimitStatement = connection.prepare<[{ id: string; tokens: number | null }]>(
      'UPDATE conversations SET max_answer_tokens = @tokens WHERE id = @id',
    );
  }

  create(input: { title: string }): Conversation {
    const now = this.clock();
    const row: ConversationRow = { id: randomUUID(), title: input.title, created_at: now, updated_at: now, pinned: 0, model_id: null, max_answer_tokens: null };
    this.insertStatement.run(row);
    return toConversation(row);
  }

  get(id: string): Conversation | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : toConversation(row);
  }

  /** Pinned ones first, then the most recently active first. */
  list(options: ConversationListOptions = {}): Conversation[] {
    const limit = options.limit ?? -1;
    const rows =
      options.search === undefined || options.search === ''
        ? this.listStatement.all(limit)
        : this.searchStatement.all({ pattern: `%${escapeLike(options.search)}%`, limit });
    return rows.map(toConversation);
  }

  rename(id: string, title: string): Conversation {
    this.requireChange(this.renameStatement.run({ id, title, now: this.clock() }).changes, id);
    return this.get(id)!;
  }

  /** Keeps the conversation at the top of `list` (pinned), or lets it take its place by activity again. */
  pin(id: string, pinned: boolean): Conversation {
    this.requireChange(this.pinStatement.run({ id, pinned: pinned ? 1 : 0 }).changes, id);
    return this.get(id)!;
  }

  /** The model the person chose for this conversation; null: automatic (routing decides). */
  setModel(id: string, modelId: string | null): void {
    this.requireChange(this.setModelStatement.run({ id, model_id: modelId }).changes, id);
  }

  /** The longest answer the person chose for this conversation, in tokens; null: the app-wide setting. */
  setAnswerLimit(id: string, tokens: number | null): void {
    this.requireChange(this.setAnswerLimitStatement.run({ id, tokens }).changes, id);
  }

  /** Marks the conversation as just active, which moves it to the top of `list`. */
  touch(id: string): void {
    this.requireChange(this.touchStatement.run({ id, now: this.clock() }).changes, id);
  }

  /**
   * Deletes the conversation and everything derived from it (messages, runs, subtasks, outcomes,
   * privacy vault, consent grants), from the file and its log too: see DataErasure. False when there was none.
   */
  delete(id: string): boolean {
    return this.erasure.eraseConversation(id);
  }

  private requireChange(changes: number, id: string): void {
    if (changes === 0) throw new BatonError('storage', `There is no conversation ${id}.`);
  }
}

/** Makes `%`, `_` and the escape character itself match literally under `ESCAPE '\'`. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function toConversation(row: ConversationRow): Conversation {
  return { id: row.id, title: row.title, createdAt: row.created_at, updatedAt: row.updated_at, pinned: row.pinned === 1, modelId: row.model_id, maxAnswerTokens: row.max_answer_tokens };
}
