import { existsSync, statSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Connection } from '../connection.js';

/**
 * How Baton's database is encrypted: SQLCipher 4 (AES-256-CBC with a SHA-512 HMAC per page),
 * through SQLite3 Multiple Ciphers in better-sqlite3-multiple-ciphers. Legacy mode 4 writes the
 * file exactly as SQLCipher 4 does (the whole header encrypted, no "SQLite format 3" at its
 * start), so the sqlcipher shell or DB Browser can open it with the key, for recovery.
 */

/**
 * Selects the cipher and applies the raw key. Runs before any other statement: the cipher
 * settings must precede the key (SQLite3 Multiple Ciphers' documented order), and the key must
 * precede anything that reads the file.
 */
export function applyDatabaseKey(connection: Connection, hex: string): void {
  connection.pragma("cipher = 'sqlcipher'");
  connection.pragma('legacy = 4');
  // A raw 256-bit key (x'…'): no PBKDF2 on every open, which only helps for passwords.
  connection.pragma(`key = "x'${hex}'"`);
}

/** SQLite reports an encrypted file read with a wrong key (or none) as "file is not a database". */
export function isNotADatabaseError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_NOTADB';
}

export type DatabaseFileState = 'absent' | 'plaintext' | 'encrypted';

/**
 * What is on disk at `path`: nothing yet (no file, or one without tables: SQLite treats an empty
 * file as a new database), a plaintext SQLite database, or a file SQLite cannot read without a
 * key. Asked of SQLite itself (a connection without a key), not read with fs: closing a file
 * descriptor of the database drops every POSIX lock this process holds on it, including those of
 * its open connections (SQLite's "how to corrupt" list, 2.2), and SQLite's own file handling
 * avoids that. The write-ahead log is taken into account the same way.
 */
export function databaseFileState(path: string): DatabaseFileState {
  if (!existsSync(path)) return 'absent';
  try {
    return probeFileState(path, { readonly: true });
  } catch (error) {
    // A hot journal: a process stopped in the middle of a write to a plaintext database. A
    // read-only connection may not roll it back; a writable one does, as any opener would.
    if (!isHotJournalError(error)) throw error;
    return probeFileState(path, { readonly: false });
  }
}

function probeFileState(path: string, options: { readonly: boolean }): DatabaseFileState {
  const probe = new Database(path, { readonly: options.readonly, fileMustExist: true });
  try {
    const tables = probe.prepare<[], number>('SELECT count(*) FROM sqlite_schema').pluck().get();
    return tables === 0 && statSync(path).size === 0 ? 'absent' : 'plaintext';
  } catch (error) {
    if (isNotADatabaseError(error)) return 'encrypted';
    throw error;
  } finally {
    probe.close();
  }
}

function isHotJournalError(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'SQLITE_READONLY_ROLLBACK';
}
