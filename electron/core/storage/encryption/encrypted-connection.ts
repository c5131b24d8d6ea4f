import Database from 'better-sqlite3-multiple-ciphers';
import { BatonError, DatabaseKeyError } from '../../../shared/errors.js';
import type { Connection } from '../connection.js';
import { applyDatabaseKey, databaseFileState, isNotADatabaseError } from './database-cipher.js';
import { createDatabaseKey, findDatabaseKey, type DatabaseKeySources, type KeyStorage } from './database-key.js';
import { encryptPlaintextDatabase, finishInterruptedEncryption } from './plaintext-migration.js';

/**
 * Opens the database file encrypted: finds the key (or makes one for a new database), encrypts a
 * plaintext database once, and proves the key opens the file before anything else runs. A file
 * that the key does not open is left exactly as it is, and a DatabaseKeyError says so: never a
 * new empty database over the old one.
 */

/** How the database is protected, for `baton doctor`, the app's status and the log. */
export interface EncryptionStatus {
  keyStorage: KeyStorage;
  /** Where the key file is (or would be, where the keychain holds the key). */
  keyFilePath: string;
  /** What the person should be told, or null (the key is in the keychain). */
  notice: string | null;
  /** True when the notice is news: the key file was made or its permissions narrowed by this open. */
  noticeIsNew: boolean;
  /** True when this open encrypted a database written before encryption. */
  encryptedPlaintextDatabase: boolean;
}

export interface EncryptedConnection {
  connection: Connection;
  encryption: EncryptionStatus;
}

export function openEncryptedConnection(path: string, sources: DatabaseKeySources): EncryptedConnection {
  finishInterruptedEncryption(path);
  const state = databaseFileState(path);
  const found = findDatabaseKey(sources);
  if (found.key === null && state === 'encrypted') {
    // Never a new key for a file that has one somewhere: it could not open it, and would hide the loss.
    throw found.keychainProblem === null
      ? new DatabaseKeyError('missing', path)
      : new DatabaseKeyError('keychain-unreachable', path, { keychainProblem: found.keychainProblem });
  }
  const key = found.key ?? createDatabaseKey(sources);
  const encryptedNow = state === 'plaintext' && encryptPlaintextDatabase(path, key.hex);
  const connection = openFile(path);
  try {
    applyDatabaseKey(connection, key.hex);
    // Temporary files (sorts, VACUUM's copy) are not encrypted: they stay in memory instead.
    connection.pragma('temp_store = MEMORY');
    // The first read: a wrong key shows here, before any statement could write.
    connection.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (error) {
    connection.close();
    if (isNotADatabaseError(error)) throw new DatabaseKeyError('wrong', path, { cause: error });
    throw error;
  }
  return {
    connection,
    encryption: {
      keyStorage: key.storage,
      keyFilePath: key.keyFilePath,
      notice: key.notice,
      noticeIsNew: key.noticeIsNew,
      encryptedPlaintextDatabase: encryptedNow,
    },
  };
}

function openFile(path: string): Connection {
  try {
    return new Database(path);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError('storage', `Cannot open the database "${path}": ${reason}`, { cause: error });
  }
}
