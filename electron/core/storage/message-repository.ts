import { randomUUID } from 'node:crypto';
import { BatonError } from '../../shared/errors.js';
import type { Message, MessageCitations, MessageRole, MessageStatus } from '../../shared/domain.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';

interface MessageRow {
  id: string;
  conversation_id: string;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  writer_pid: number | null;
  run_id: string | null;
  model_id: string | null;
  /** JSON of MessageCitations, or NULL. */
  citations: string | null;
  superseded_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface AppendMessageInput {
  conversationId: string;
  role: MessageRole;
  content: string;
  /** 'complete' unless given; a 'streaming' message records this process as its writer. */
  status?: MessageStatus;
  runId?: string | null;
  modelId?: string | null;
}

export class MessageRepository {
  private readonly insertStatement;
  private readonly touchConversationStatement;
  private readonly updateContentStatement;
  private readonly setStatusStatement;
  private readonly setCitationsStatement;
  private readonly getStatement;
  private readonly listStatement;
  private readonly firstStatement;
  private readonly supersedeStatement;
  private readonly supersedeFollowingStatement;
  private readonly appendTransaction;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.insertStatement = connection.prepare<[MessageRow]>(
      `INSERT INTO messages (id, conversation_id, role, content, status, writer_pid, run_id, model_id, created_at, updated_at)
       VALUES (@id, @conversation_id, @role, @content, @status, @writer_pid, @run_id, @model_id, @created_at, @updated_at)`,
    );
    this.touchConversationStatement = connection.prepare<[{ id: string; now: string }]>(
      'UPDATE conversations SET updated_at = @now WHERE id = @id',
    );
    // The hot path while an answer streams: one indexed UPDATE, no read back, no other table.
    this.updateContentStatement = connection.prepare<[{ id: string; content: string; now: string }]>(
      'UPDATE messages SET content = @content, updated_at = @now WHERE id = @id',
    );
    this.setStatusStatement = connection.prepare<
      [{ id: string; status: MessageStatus; content: string | null; writer_pid: number | null; now: string }]
    >(
      `UPDATE messages
       SET status = @status, content = COALESCE(@content, content), writer_pid = @writer_pid, updated_at = @now
       WHERE id = @id`,
    );
    this.setCitationsStatement = connection.prepare<[{ id: string; citations: string; now: string }]>(
      'UPDATE messages SET citations = @citations, updated_at = @now WHERE id = @id',
    );
    this.getStatement = connection.prepare<[string], MessageRow>('SELECT * FROM messages WHERE id = ?');
    // rowid keeps the order of messages appended within the same millisecond.
    this.listStatement = connection.prepare<[string], MessageRow>(
      'SELECT * FROM messages WHERE conversation_id = ? ORDER BY created_at, rowid',
    );
    this.firstStatement = connection.prepare<[string, MessageRole], Pick<MessageRow, 'content'>>(
      'SELECT content FROM messages WHERE conversation_id = ? AND role = ? ORDER BY created_at, rowid LIMIT 1',
    );
    this.supersedeStatement = connection.prepare<[{ from: string; by: string }]>(
      'UPDATE messages SET superseded_by = @by WHERE id = @from OR superseded_by = @from',
    );
    this.supersedeFollowingStatement = connection.prepare<[{ from: string; by: string; keep: string }]>(
      `UPDATE messages SET superseded_by = @by
       WHERE conversation_id = (SELECT conversation_id FROM messages WHERE id = @from)
         AND id NOT IN (SELECT value FROM json_each(@keep))
         AND (superseded_by = @from
              OR (superseded_by IS NULL AND (created_at, rowid) >= (SELECT created_at, rowid FROM messages WHERE id = @from)))`,
    );
    this.appendTransaction = connection.transaction((row: MessageRow) => {
      if (this.touchConversationStatement.run({ id: row.conversation_id, now: row.created_at }).changes === 0) {
        throw new BatonError('storage', `There is no conversation ${row.conversation_id}.`);
      }
      this.insertStatement.run(row);
    });
  }

  /** Adds a message at the end of its conversation and marks the conversation as just active. */
  append(input: AppendMessageInput): Message {
    const now = this.clock();
    const status = input.status ?? 'complete';
    const row: MessageRow = {
      id: randomUUID(),
      conversation_id: input.conversationId,
      role: input.role,
      content: input.content,
      status,
      writer_pid: writerFor(status),
      run_id: input.runId ?? null,
      model_id: input.modelId ?? null,
      citations: null,
      superseded_by: null,
      created_at: now,
      updated_at: now,
    };
    this.appendTransaction(row);
    return toMessage(row);
  }

  /** Replaces the content (the whole text so far, not a delta). Called for every streamed chunk. */
  updateContent(id: string, content: string): void {
    this.requireChange(this.updateContentStatement.run({ id, content, now: this.clock() }).changes, id);
  }

  /** Sets the status, and the final content when given. Leaving 'streaming' releases the writer. */
  setStatus(id: string, status: MessageStatus, content?: string): void {
    const parameters = { id, status, content: content ?? null, writer_pid: writerFor(status), now: this.clock() };
    this.requireChange(this.setStatusStatement.run(parameters).changes, id);
  }

  /** Records the document passages an answer rests on. */
  setCitations(id: string, citations: MessageCitations): void {
    this.requireChange(this.setCitationsStatement.run({ id, citations: JSON.stringify(citations), now: this.clock() }).changes, id);
  }

  /**
   * Makes `fromId` an earlier version of `byId` (see Message.supersededBy), and the earlier
   * versions of `fromId` earlier versions of `byId`. With `following`, also every message of the
   * conversation as it stands after `fromId` (an edited question takes its answers with it),
   * except `keep`: the new turn's own messages. Returns how many messages it reached.
   */
  supersede(fromId: string, byId: string, options: { following?: boolean; keep?: readonly string[] } = {}): number {
    if (!options.following) return this.supersedeStatement.run({ from: fromId, by: byId }).changes;
    return this.supersedeFollowingStatement.run({ from: fromId, by: byId, keep: JSON.stringify([byId, ...(options.keep ?? [])]) }).changes;
  }

  get(id: string): Message | undefined {
    const row = this.getStatement.get(id);
    return row === undefined ? undefined : toMessage(row);
  }

  /** The content of the conversation's first message of this role; undefined when it has none. */
  firstContent(conversationId: string, role: MessageRole): string | undefined {
    return this.firstStatement.get(conversationId, role)?.content;
  }

  /** Oldest first, in the order they were appended. */
  listByConversation(conversationId: string): Message[] {
    return this.listStatement.all(conversationId).map(toMessage);
  }

  private requireChange(changes: number, id: string): void {
    if (changes === 0) throw new BatonError('storage', `There is no message ${id}.`);
  }
}

/** Only rows still being written carry a writer; see recoverInterruptedWork. */
function writerFor(status: MessageStatus): number | null {
  return status === 'streaming' ? process.pid : null;
}

function toMessage(row: MessageRow): Message {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    role: row.role,
    content: row.content,
    status: row.status,
    runId: row.run_id,
    modelId: row.model_id,
    citations: row.citations === null ? null : (JSON.parse(row.citations) as MessageCitations),
    supersededBy: row.superseded_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
