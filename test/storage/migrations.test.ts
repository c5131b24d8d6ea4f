import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BatonError } from '../../electron/shared/errors.js';
import { openDatabase } from '../../electron/core/storage/database.js';
import { latestVersion, migrate, migrations, schemaVersion, type Migration } from '../../electron/core/storage/migrations.js';
import type { Connection } from '../../electron/core/storage/connection.js';
import { openWithKey } from './encrypted-files.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-migrations-'));
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function tableNames(connection: Connection): string[] {
  return connection
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all();
}

function indexNames(connection: Connection): string[] {
  return connection
    .prepare<[], string>("SELECT name FROM sqlite_schema WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all();
}

function columnNames(connection: Connection, table: string): string[] {
  return (connection.pragma(`table_info(${table})`) as Array<{ name: string }>).map((column) => column.name);
}

describe('a fresh database', () => {
  it('reaches the latest version with every table, column and index', () => {
    const database = openDatabase(':memory:');
    const connection = database.connection;
    expect(latestVersion).toBe(8);
    expect(schemaVersion(connection)).toBe(latestVersion);
    expect(tableNames(connection)).toEqual([
      'conversations', 'document_chunk_terms', 'document_chunk_terms_config', 'document_chunk_terms_data', 'document_chunk_terms_docsize',
      'document_chunk_terms_idx', 'document_chunk_vectors', 'document_chunks', 'documents', 'messages', 'outcome_features', 'outcomes', 'run_events', 'runs',
      'settings', 'subtasks',
    ]);
    expect(columnNames(connection, 'documents')).toEqual([
      'id', 'conversation_id', 'name', 'kind', 'title', 'page_count', 'chunk_count', 'content_hash', 'byte_count', 'added_at',
    ]);
    expect(columnNames(connection, 'conversations')).toEqual(['id', 'title', 'created_at', 'updated_at', 'pinned', 'model_id', 'max_answer_tokens']);
    expect(columnNames(connection, 'messages')).toEqual([
      'id', 'conversation_id', 'role', 'content', 'status', 'writer_pid', 'created_at', 'updated_at', 'run_id', 'model_id', 'citations',
      'superseded_by',
    ]);
    expect(columnNames(connection, 'settings')).toEqual(['key', 'value', 'updated_at']);
    expect(columnNames(connection, 'runs')).toEqual([
      'id', 'conversation_id', 'user_message_id', 'assistant_message_id', 'status', 'writer_pid',
      'started_at', 'finished_at', 'input_tokens', 'output_tokens', 'cost_usd', 'error', 'finish_reason', 'source',
    ]);
    expect(columnNames(connection, 'subtasks')).toEqual([
      'id', 'run_id', 'key', 'instruction', 'kind', 'difficulty', 'depends_on', 'model_id', 'reason', 'status',
      'result', 'input_tokens', 'output_tokens', 'cost_usd', 'started_at', 'finished_at',
    ]);
    expect(columnNames(connection, 'outcomes')).toEqual([
      'id', 'subtask_id', 'model_id', 'kind', 'difficulty', 'score', 'success', 'user_feedback',
      'input_tokens', 'output_tokens', 'latency_ms', 'cost_usd', 'created_at',
    ]);
    expect(columnNames(connection, 'outcome_features')).toEqual(['outcome_id', 'tier', 'features']);
    expect(columnNames(connection, 'run_events')).toEqual(['run_id', 'sequence', 'event']);
    expect(indexNames(connection)).toEqual([
      'conversations_by_updated_at',
      'messages_by_conversation',
      'messages_streaming',
      'outcomes_by_model_kind',
      'outcomes_by_subtask',
      'runs_by_assistant_message',
      'runs_by_conversation',
      'runs_by_start',
      'runs_by_user_message',
      'runs_running',
    ]);
    database.close();
  });

  it('creates its folder and opens in WAL mode with the agreed pragmas', () => {
    const path = join(folder, 'nested', 'deeper', 'baton.sqlite');
    const database = openDatabase(path);
    const pragma = (name: string) => database.connection.pragma(name, { simple: true });
    expect(pragma('journal_mode')).toBe('wal');
    expect(pragma('synchronous')).toBe(1); // NORMAL
    expect(pragma('foreign_keys')).toBe(1);
    expect(pragma('busy_timeout')).toBe(5000);
    database.close();
    database.close(); // closing twice is harmless
  });

  it('is left as it is when opened again', () => {
    const path = join(folder, 'data', 'baton.sqlite');
    openDatabase(path).close();
    const database = openDatabase(path);
    expect(schemaVersion(database.connection)).toBe(latestVersion);
    database.close();
  });

  it('uses the query plans the indexes were made for', () => {
    const database = openDatabase(':memory:');
    const plan = (sql: string) =>
      (database.connection.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as Array<{ detail: string }>)
        .map((step) => step.detail)
        .join('\n');
    expect(plan("SELECT * FROM messages WHERE conversation_id = 'c' ORDER BY created_at, rowid")).toContain(
      'messages_by_conversation',
    );
    expect(plan("SELECT * FROM outcomes WHERE model_id = 'm' AND kind = 'k'")).toContain('outcomes_by_model_kind');
    expect(plan("SELECT * FROM runs WHERE conversation_id = 'c' ORDER BY started_at, rowid")).toContain(
      'runs_by_conversation',
    );
    // Today's spending, summed from the index alone, not the whole runs table.
    expect(plan("SELECT TOTAL(cost_usd) FROM runs WHERE started_at >= '2026-12-01' AND status != 'running'")).toContain(
      'SEARCH runs USING COVERING INDEX runs_by_start (started_at>?)',
    );
    // A run's events are read by its primary key, in order, without a sort.
    const runEventsPlan = plan("SELECT event FROM run_events WHERE run_id = 'r' ORDER BY sequence");
    expect(runEventsPlan).toContain('SEARCH run_events USING PRIMARY KEY (run_id=?)');
    expect(runEventsPlan).not.toContain('TEMP B-TREE');
    database.close();
  });
});

describe('a database built at version 1', () => {
  it('is migrated to the latest version and keeps its data', () => {
    const path = join(folder, 'data', 'baton.sqlite');
    mkdirSync(join(folder, 'data'));
    const old = new Database(path);
    expect(migrate(old, 1)).toBe(1);
    expect(tableNames(old)).toEqual(['conversations', 'messages', 'settings']);
    old.prepare(`INSERT INTO conversations VALUES ('c1', 'Old chat', '2024-05-01T10:00:00.000Z', '2024-05-01T10:05:00.000Z')`).run();
    old.prepare(
      `INSERT INTO messages (id, conversation_id, role, content, status, writer_pid, created_at, updated_at)
       VALUES ('m1', 'c1', 'user', 'Hello', 'complete', NULL, '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:00.000Z'),
              ('m2', 'c1', 'assistant', 'Hi there', 'complete', NULL, '2024-05-01T10:05:00.000Z', '2024-05-01T10:05:00.000Z')`,
    ).run();
    old.prepare(`INSERT INTO settings VALUES ('localThreads', '2', '2024-05-01T10:00:00.000Z')`).run();
    old.close();

    const database = openDatabase(path);
    expect(schemaVersion(database.connection)).toBe(latestVersion);
    expect(database.conversations.get('c1')).toEqual({
      id: 'c1',
      title: 'Old chat',
      pinned: false,
      modelId: null,
      maxAnswerTokens: null,
      createdAt: '2024-05-01T10:00:00.000Z',
      updatedAt: '2024-05-01T10:05:00.000Z',
    });
    expect(database.messages.listByConversation('c1')).toEqual([
      {
        id: 'm1', conversationId: 'c1', role: 'user', content: 'Hello', status: 'complete', runId: null, modelId: null, citations: null, supersededBy: null,
        createdAt: '2024-05-01T10:00:00.000Z', updatedAt: '2024-05-01T10:00:00.000Z',
      },
      {
        id: 'm2', conversationId: 'c1', role: 'assistant', content: 'Hi there', status: 'complete', runId: null, modelId: null, citations: null, supersededBy: null,
        createdAt: '2024-05-01T10:05:00.000Z', updatedAt: '2024-05-01T10:05:00.000Z',
      },
    ]);
    expect(database.settings.get('localThreads')).toBe(2);
    // The new tables work with the old rows.
    const run = database.runs.start({ conversationId: 'c1', userMessageId: 'm1', assistantMessageId: 'm2' });
    expect(database.runs.listByConversation('c1')).toEqual([run]);
    database.close();
  });
});

describe('a database from a newer Baton', () => {
  it('is refused with a storage error and left byte for byte unchanged', () => {
    const path = join(folder, 'data', 'baton.sqlite');
    const newer = openDatabase(path);
    newer.conversations.create({ title: 'Written by Baton 9' });
    newer.connection.pragma(`user_version = ${latestVersion + 1}`);
    // A rollback journal, so that switching to WAL (which rewrites the header) would show.
    newer.connection.pragma('journal_mode = DELETE');
    newer.close();
    const before = readFileSync(path);

    let refusal: unknown;
    try {
      openDatabase(path);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(BatonError);
    expect((refusal as BatonError).code).toBe('storage');
    expect((refusal as BatonError).message).toMatch(new RegExp(`schema version ${latestVersion + 1}, written by a newer Baton.*knows versions up to ${latestVersion}`));

    expect(readFileSync(path).equals(before)).toBe(true);
    const check = openWithKey(path, { readonly: true });
    expect(schemaVersion(check)).toBe(latestVersion + 1);
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare('SELECT title FROM conversations').pluck().all()).toEqual(['Written by Baton 9']);
    check.close();
  });

  it('is refused by migrate itself too', () => {
    const connection = new Database(':memory:');
    connection.pragma('user_version = 99');
    expect(() => migrate(connection)).toThrow(/written by a newer Baton/);
    expect(tableNames(connection)).toEqual([]);
    connection.close();
  });
});

describe('migrate', () => {
  // One past the real migrations, whatever their number.
  const failing: Migration = {
    version: latestVersion + 1,
    name: 'doomed',
    up(connection) {
      connection.exec('CREATE TABLE doomed (id TEXT); ALTER TABLE conversations ADD COLUMN doomed TEXT;');
      connection.prepare("INSERT INTO settings VALUES ('doomed', 'true', 'now')").run();
      throw new Error('disk on fire');
    },
  };

  it('rolls a failing migration back completely and keeps the ones before it', () => {
    const connection = new Database(':memory:');
    let failure: unknown;
    try {
      migrate(connection, latestVersion + 1, [...migrations, failing]);
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(BatonError);
    expect((failure as BatonError).code).toBe('storage');
    expect((failure as BatonError).message).toBe(
      `Migration ${latestVersion + 1} (doomed) failed and was rolled back; the database stays at schema version ${latestVersion}: disk on fire`,
    );
    expect((failure as BatonError).cause).toBeInstanceOf(Error);
    expect(schemaVersion(connection)).toBe(latestVersion);
    expect(tableNames(connection)).not.toContain('doomed');
    expect(columnNames(connection, 'conversations')).not.toContain('doomed');
    expect(connection.prepare('SELECT COUNT(*) FROM settings').pluck().get()).toBe(0);
    expect(connection.inTransaction).toBe(false);
    connection.close();
  });

  it('leaves a database whose first migration fails untouched at version 0', () => {
    const connection = new Database(':memory:');
    const failingFirst: Migration = {
      version: 1,
      name: 'broken',
      up(inner) {
        inner.exec('CREATE TABLE half (id TEXT); CREATE TABLE half (id TEXT);');
      },
    };
    expect(() => migrate(connection, 1, [failingFirst])).toThrow(/Migration 1 \(broken\) failed/);
    expect(schemaVersion(connection)).toBe(0);
    expect(tableNames(connection)).toEqual([]);
    connection.close();
  });

  it('refuses to go down, past the last migration, or with a misnumbered list', () => {
    const connection = new Database(':memory:');
    migrate(connection);
    expect(() => migrate(connection, 1)).toThrow(/migrating down to 1 is not supported/);
    expect(() => migrate(connection, latestVersion + 1)).toThrow(`Cannot migrate to schema version ${latestVersion + 1}`);
    expect(() => migrate(connection, 2, [migrations[0]!, { ...migrations[1]!, version: 5 }])).toThrow(
      /has version 5 but is number 2/,
    );
    expect(schemaVersion(connection)).toBe(latestVersion);
    connection.close();
  });
});
