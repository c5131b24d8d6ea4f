import { closeSync, openSync, readSync } from 'node:fs';
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

const plaintextHeader = Buffer.from('SQLite format 3\0', 'latin1');
/** The WAL header (32 bytes) and the first frame's header (24 bytes) precede the first page's bytes. */
const firstWalPageOffset = 56;

/**
 * What is on disk at `path`: nothing yet (no file, or an empty one, which SQLite treats as a new
 * database), a plaintext SQLite database, or anything else, which can only be opened with a key.
 * An empty file with a write-ahead log is judged by the first page in the log.
 */
export function databaseFileState(path: string): DatabaseFileState {
  const header = readStart(path, 0);
  if (header === null) return 'absent';
  if (header.length > 0) return header.equals(plaintextHeader) ? 'plaintext' : 'encrypted';
  const logged = readStart(`${path}-wal`, firstWalPageOffset);
  if (logged === null || logged.length < plaintextHeader.length) return 'absent';
  return logged.equals(plaintextHeader) ? 'plaintext' : 'encrypted';
}

/** The 16 bytes at `offset`, fewer at the end of the file, or null when there is no file. */
function readStart(path: string, offset: number): Buffer | null {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const buffer = Buffer.alloc(plaintextHeader.length);
    const length = readSync(descriptor, buffer, 0, buffer.length, offset);
    return buffer.subarray(0, length);
  } finally {
    closeSync(descriptor);
  }
}
