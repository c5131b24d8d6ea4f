import { BatonError } from '../../shared/errors.js';
import type { Connection } from './connection.js';
import { createDocumentTables } from './document-tables.js';

/**
 * One step of the schema. A migration is frozen once released: later changes are new
 * migrations, never edits, because databases in the field were built by the old text.
 * That is also why the SQL spells out status values instead of reusing the TypeScript unions.
 */
export interface Migration {
  version: number;
  name: string;
  up(connection: Connection): void;
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'conversations, messages, settings',
    up(connection) {
      connection.exec(`
        CREATE TABLE conversations (
          id TEXT PRIMARY KEY,
          title TEXT NOT NULL,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX conversations_by_updated_at ON conversations (updated_at);

        CREATE TABLE messages (
          id TEXT PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
          role TEXT NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
          content TEXT NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('complete', 'streaming', 'incomplete', 'failed')),
          -- The process writing a 'streaming' message; NULL otherwise. Lets the next start tell
          -- an answer cut off by a crash from one another live process is still writing.
          writer_pid INTEGER,
          created_at TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
        CREATE INDEX messages_by_conversation ON messages (conversation_id, created_at);
        -- Partial: recovery reads only the few streaming rows, and content updates never touch it.
        CREATE INDEX messages_streaming ON messages (writer_pid) WHERE status = 'streaming';

        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    },
  },
  {
    version: 2,
    name: 'runs, subtasks, outcomes',
    up(connection) {
      connection.exec(`
        CREATE TABLE runs (
          id TEXT PRIMARY KEY,
          conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
          user_message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
          assistant_message_id TEXT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
          status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled', 'interrupted')),
          writer_pid INTEGER,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          cost_usd REAL NOT NULL DEFAULT 0,
          error TEXT
        );
        CREATE INDEX runs_by_conversation ON runs (conversation_id, started_at);
        CREATE INDEX runs_running ON runs (writer_pid) WHERE status = 'running';
        -- Deleting a message looks up the runs that refer to it; without these that is a scan per message.
        CREATE INDEX runs_by_user_message ON runs (user_message_id);
        CREATE INDEX runs_by_assistant_message ON runs (assistant_message_id);

        CREATE TABLE subtasks (
          id TEXT PRIMARY KEY,
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          key TEXT NOT NULL,
          instruction TEXT NOT NULL,
          kind TEXT NOT NULL,
          difficulty INTEGER NOT NULL,
          depends_on TEXT NOT NULL DEFAULT '[]',
          model_id TEXT,
          reason TEXT,
          status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'finished', 'failed', 'cancelled')),
          result TEXT,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          cost_usd REAL NOT NULL DEFAULT 0,
          started_at TEXT,
          finished_at TEXT,
          UNIQUE (run_id, key)
        );

        -- Outcomes outlive their conversation: what the router learned is kept when a chat is deleted.
        CREATE TABLE outcomes (
          id TEXT PRIMARY KEY,
          subtask_id TEXT REFERENCES subtasks (id) ON DELETE SET NULL,
          model_id TEXT NOT NULL,
          kind TEXT NOT NULL,
          difficulty INTEGER NOT NULL,
          score REAL,
          success INTEGER NOT NULL CHECK (success IN (0, 1)),
          user_feedback REAL,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          latency_ms REAL NOT NULL DEFAULT 0,
          cost_usd REAL NOT NULL DEFAULT 0,
          created_at TEXT NOT NULL
        );
        CREATE INDEX outcomes_by_model_kind ON outcomes (model_id, kind);
        CREATE INDEX outcomes_by_subtask ON outcomes (subtask_id);

        -- A plain column, not a foreign key: a run points at its assistant message and the message
        -- back at the run, and one of the two rows has to be written first. Both go away with
        -- their conversation anyway.
        ALTER TABLE messages ADD COLUMN run_id TEXT;
        ALTER TABLE messages ADD COLUMN model_id TEXT;
      `);
    },
  },
  {
    version: 3,
    name: 'documents of conversations, their chunks, full-text index and vectors',
    up: createDocumentTables,
  },
  {
    version: 4,
    name: 'the document passages an answer cites, why an answer ended, pinned conversations and their model',
    up: (connection) => {
      connection.exec(`
        -- JSON (MessageCitations); NULL for every message not answered from documents.
        ALTER TABLE messages ADD COLUMN citations TEXT;
        -- A FinishReason ('length': cut off at the token limit); NULL while running.
        ALTER TABLE runs ADD COLUMN finish_reason TEXT;
        ALTER TABLE conversations ADD COLUMN pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1));
        -- The model the person chose for the conversation; NULL: automatic.
        ALTER TABLE conversations ADD COLUMN model_id TEXT;
      `);
    },
  },
  {
    version: 5,
    name: 'the hashed prompt features of the outcomes routing learned from, and earlier versions of messages',
    up: (connection) => {
      connection.exec(`
        -- The message that replaced this one (a regenerated answer, an edited question and all
        -- after it); NULL for the conversation as it stands. A plain column like run_id: both
        -- messages go with their conversation.
        ALTER TABLE messages ADD COLUMN superseded_by TEXT;

        -- Bucket numbers and weights of the subtask's instruction (feature-encoding.ts), never its
        -- text, and the tier the model had: what the router's prompt regressions are rebuilt from
        -- after a restart. Deleted with its outcome, and so with its conversation.
        CREATE TABLE outcome_features (
          outcome_id TEXT PRIMARY KEY REFERENCES outcomes (id) ON DELETE CASCADE,
          tier TEXT NOT NULL,
          features BLOB NOT NULL
        );
      `);
    },
  },
  {
    version: 6,
    name: 'what each run reported (its plan, routes, escalations, redactions and consent decisions), and the answer length of each conversation',
    up: (connection) => {
      connection.exec(`
        -- The run's events as JSON (RunEvent), in the order they happened, streamed text left
        -- out: what the run view shows after a restart. Deleted with its run, and so with its
        -- conversation.
        CREATE TABLE run_events (
          run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          sequence INTEGER NOT NULL,
          event TEXT NOT NULL,
          PRIMARY KEY (run_id, sequence)
        ) WITHOUT ROWID;

        -- The longest answer the person chose for the conversation, in tokens; NULL: the
        -- app-wide setting (maxAnswerTokens).
        ALTER TABLE conversations ADD COLUMN max_answer_tokens INTEGER;
      `);
    },
  },
  {
    version: 7,
    name: 'where each run came from',
    up: (connection) => {
      connection.exec(`
        -- Who asked: NULL for the app's own chat and the CLI, the client's name for a request
        -- through the local gateway ('gateway: curl/8.5.0').
        ALTER TABLE runs ADD COLUMN source TEXT;
      `);
    },
  },
  {
    version: 8,
    name: "today's spending without reading every run",
    up: (connection) => {
      connection.exec(`
        -- What was spent since midnight is summed before every routing decision and after every
        -- run; without this index each sum read the whole runs table, and a gateway adds a run
        -- for every request. It covers the sum: the rows themselves are not read.
        CREATE INDEX runs_by_start ON runs (started_at, status, cost_usd);
      `);
    },
  },
];

export const latestVersion: number = migrations.length;

export function schemaVersion(connection: Connection): number {
  return connection.pragma('user_version', { simple: true }) as number;
}

/**
 * Throws when the database was written by a newer Baton. Called before anything writes to the
 * file (not even the journal mode), so an older Baton never damages a newer database.
 */
export function assertSchemaNotNewer(connection: Connection, known: number = latestVersion): void {
  const current = schemaVersion(connection);
  if (current > known) {
    throw new BatonError(
      'storage',
      `The database ${describe(connection)} has schema version ${current}, written by a newer Baton; ` +
        `this Baton knows versions up to ${known}. Update Baton to open it. The file was not changed.`,
    );
  }
}

/**
 * Brings the schema to `targetVersion` (the latest by default), one migration per transaction:
 * when one fails, the migrations before it stay applied and the failing one leaves no trace.
 * `migrationList` exists for tests (a failing migration); Baton itself always uses `migrations`.
 * Returns the version reached.
 */
export function migrate(
  connection: Connection,
  targetVersion: number = latestVersion,
  migrationList: readonly Migration[] = migrations,
): number {
  assertConsecutive(migrationList);
  const known = migrationList.length;
  assertSchemaNotNewer(connection, known);
  if (!Number.isInteger(targetVersion) || targetVersion < 0 || targetVersion > known) {
    throw new BatonError('storage', `Cannot migrate to schema version ${targetVersion}: versions go from 0 to ${known}.`);
  }
  const current = schemaVersion(connection);
  if (targetVersion < current) {
    throw new BatonError(
      'storage',
      `The database is at schema version ${current}; migrating down to ${targetVersion} is not supported.`,
    );
  }
  for (let version = current + 1; version <= targetVersion; version += 1) {
    const migration = migrationList[version - 1]!;
    const apply = connection.transaction(() => {
      // Read again under the write lock: another process opening the same old database may
      // have applied this migration since we looked.
      if (schemaVersion(connection) >= migration.version) return;
      migration.up(connection);
      // user_version lives in the database header and is written inside this transaction,
      // so a rollback rolls the version back too.
      connection.pragma(`user_version = ${migration.version}`);
    });
    try {
      // IMMEDIATE takes the write lock before the version is read again (see above).
      apply.immediate();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BatonError(
        'storage',
        `Migration ${migration.version} (${migration.name}) failed and was rolled back; ` +
          `the database stays at schema version ${schemaVersion(connection)}: ${reason}`,
        { cause: error },
      );
    }
  }
  return schemaVersion(connection);
}

function assertConsecutive(migrationList: readonly Migration[]): void {
  migrationList.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new BatonError(
        'storage',
        `Migration "${migration.name}" has version ${migration.version} but is number ${index + 1} in the list.`,
      );
    }
  });
}

function describe(connection: Connection): string {
  return connection.memory ? '(in memory)' : `"${connection.name}"`;
}
