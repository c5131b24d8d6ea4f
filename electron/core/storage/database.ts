import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { DatabaseKeyError } from '../../shared/errors.js';
import { systemClock, type Clock } from './clock.js';
import type { Connection } from './connection.js';
import { ConversationRepository } from './conversation-repository.js';
import { DataErasure } from './data-erasure.js';
import { keyFilePathFor } from './encryption/database-key-file.js';
import type { DatabaseKeySources } from './encryption/database-key.js';
import { openEncryptedConnection, type EncryptionStatus } from './encryption/encrypted-connection.js';
import { keychainFor } from './encryption/keychain.js';
import { setDatabaseAside } from './encryption/unreadable-database.js';
import { recoverInterruptedWork, type RecoveryReport } from './interrupted-work-recovery.js';
import { MessageRepository } from './message-repository.js';
import { assertSchemaNotNewer, migrate } from './migrations.js';
import { OutcomeFeatureRepository } from './outcome-feature-repository.js';
import { OutcomeRepository } from './outcome-repository.js';
import { RunEventRepository } from './run-event-repository.js';
import { RunRepository } from './run-repository.js';
import { SettingsRepository } from './settings-repository.js';
import { enableSecureDelete, ensureIncrementalAutoVacuum, type ReclaimReport } from './space-reclamation.js';
import { SubtaskRepository } from './subtask-repository.js';

export interface OpenDatabaseOptions {
  /** The time stamped on rows; tests pass a stepping clock to make orders deterministic. */
  clock?: Clock;
  /**
   * Where the database key is kept. By default the OS keychain (unless BATON_KEYCHAIN=off) and
   * the key file beside the data folder (encryption/database-key-file.ts); tests pass their own.
   */
  keySources?: DatabaseKeySources;
}

/** Baton's SQLite database: the connection and one repository per table. */
export class BatonDatabase {
  readonly conversations: ConversationRepository;
  readonly messages: MessageRepository;
  readonly runs: RunRepository;
  readonly subtasks: SubtaskRepository;
  readonly runEvents: RunEventRepository;
  readonly outcomes: OutcomeRepository;
  readonly outcomeFeatures: OutcomeFeatureRepository;
  readonly settings: SettingsRepository;
  private readonly erasure: DataErasure;
  /** What the recovery on open closed, for the UI or CLI to mention ("an answer was interrupted"). */
  readonly recoveredOnOpen: RecoveryReport;

  /** Use openDatabase: it configures and migrates the connection before this runs. */
  constructor(
    readonly connection: Connection,
    private readonly clock: Clock = systemClock,
    /** How the file is encrypted and where its key is; null for a database in memory (never on disk). */
    readonly encryption: EncryptionStatus | null = null,
  ) {
    this.settings = new SettingsRepository(connection, clock);
    this.erasure = new DataErasure(connection, this.settings);
    this.conversations = new ConversationRepository(connection, clock, this.erasure);
    this.messages = new MessageRepository(connection, clock);
    this.runs = new RunRepository(connection, clock);
    this.subtasks = new SubtaskRepository(connection, clock);
    this.runEvents = new RunEventRepository(connection);
    this.outcomes = new OutcomeRepository(connection, clock);
    this.outcomeFeatures = new OutcomeFeatureRepository(connection);
    this.recoveredOnOpen = this.recoverInterruptedWork();
  }

  /** Closes messages, runs and subtasks left unfinished by a process that is gone. */
  recoverInterruptedWork(): RecoveryReport {
    return recoverInterruptedWork(this.connection, this.clock);
  }

  /**
   * Deletes every conversation and everything derived from them (see DataErasure); preferences stay.
   * The report says whether the write-ahead log could be emptied right away.
   */
  deleteAllData(): ReclaimReport {
    return this.erasure.eraseAllData();
  }

  /** Safe to call twice. */
  close(): void {
    if (this.connection.open) this.connection.close();
  }
}

/**
 * Opens (creating when needed) the database at `path`, encrypted (see encryption/), or a private
 * one for ':memory:', which never reaches the disk and is not encrypted. A database written by a
 * newer Baton is refused before anything is written to it; an encrypted one whose key is missing
 * or wrong throws DatabaseKeyError and is left as it is (see startDatabaseAfresh).
 */
export function openDatabase(path: string, options: OpenDatabaseOptions = {}): BatonDatabase {
  const inMemory = path === ':memory:' || path === '';
  let connection: Connection;
  let encryption: EncryptionStatus | null = null;
  if (inMemory) {
    connection = new Database(path);
  } else {
    mkdirSync(dirname(path), { recursive: true });
    // The key's notice (a key file is used) is the caller's to show: `baton doctor`, the app's log.
    ({ connection, encryption } = openEncryptedConnection(path, options.keySources ?? defaultKeySources(path)));
  }
  try {
    // Another process (the CLI beside the app) may hold the write lock for a moment; wait
    // instead of failing with SQLITE_BUSY. Set first, so the checks below wait too.
    connection.pragma('busy_timeout = 5000');
    // Before the journal mode: switching it writes to the file, and a newer Baton's file must stay as it is.
    assertSchemaNotNewer(connection);
    enableSecureDelete(connection);
    // Before the migrations create tables, so a new database needs no rebuild; an old one is rebuilt once.
    ensureIncrementalAutoVacuum(connection);
    // WAL: readers never block the writer, so a streaming answer can be written while the UI reads.
    connection.pragma('journal_mode = WAL');
    // With WAL, NORMAL loses at most the last commits on power loss, never consistency; a
    // process crash loses nothing.
    connection.pragma('synchronous = NORMAL');
    connection.pragma('foreign_keys = ON');
    migrate(connection);
    return new BatonDatabase(connection, options.clock, encryption);
  } catch (error) {
    connection.close();
    throw error;
  }
}

/** The keychain of this machine and the key file beside the data folder: the same for the app and the CLI. */
export function defaultKeySources(path: string, environment: NodeJS.ProcessEnv = process.env): DatabaseKeySources {
  return { keychain: keychainFor(environment), keyFilePath: keyFilePathFor(path) };
}

export interface FreshStart {
  database: BatonDatabase;
  /** Where the unreadable database was put, or null when it opened after all and nothing was moved. */
  asidePath: string | null;
}

/**
 * The way out of a lost key, when the person asks for it: a database that cannot be opened for
 * want of its key is renamed aside (kept, never deleted) and a new, empty one is made. A database
 * that opens is left alone; any other failure is thrown as it is.
 */
export function startDatabaseAfresh(path: string, options: OpenDatabaseOptions = {}): FreshStart {
  try {
    return { database: openDatabase(path, options), asidePath: null };
  } catch (error) {
    if (!(error instanceof DatabaseKeyError)) throw error;
  }
  const asidePath = setDatabaseAside(path);
  return { database: openDatabase(path, options), asidePath };
}
