import { closeSync, existsSync, fstatSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { BatonError } from '../../../shared/errors.js';
import type { Connection } from '../connection.js';
import { flushFolder } from './database-key-file.js';
import { applyDatabaseKey, databaseFileState } from './database-cipher.js';

/**
 * Encrypts a database written by a Baton without encryption, once. Nothing is lost if the process
 * stops at any point: the plaintext file stays where it is until an encrypted copy is complete,
 * checked and on disk, and only then is the copy renamed over it. The old plaintext is then
 * overwritten with zeros before it is deleted, so its text is not left in the file system's free
 * space. (On SSDs and copy-on-write file systems, in snapshots or backups, old blocks may survive
 * an overwrite: encryption protects what is written from now on, not copies made before.)
 */

/** The encrypted copy while it is being made. */
const encryptingSuffix = '.encrypting';
/** How long a start waits for another process that holds the plaintext database. */
const lockWaitMs = 15_000;

function isBusy(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause as { code?: string } | undefined) : undefined;
  return cause?.code === 'SQLITE_BUSY';
}

/** Opening a database is synchronous here (better-sqlite3): a short blocking pause between tries. */
function sleepSync(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

/** A second name of the old plaintext file, kept from the rename until it is wiped. */
const plaintextSuffix = '.plaintext';

/** False when another process encrypted it meanwhile (this one waited for its lock). */
export function encryptPlaintextDatabase(path: string, hex: string): boolean {
  const encryptingPath = path + encryptingSuffix;
  const plaintextPath = path + plaintextSuffix;
  // Which file is locked: a second Baton starting at the same moment waits for the lock, then
  // finds that the first one has renamed the encrypted file over it. Compared by inode: opening
  // the file with fs here would drop the lock (see databaseFileState).
  const plaintextInode = statSync(path).ino;
  let plain: Connection | null;
  const deadline = Date.now() + lockWaitMs;
  for (;;) {
    try {
      plain = lockPlaintext(path, plaintextInode);
      if (plain === null) return false;
      break;
    } catch (error) {
      if (databaseFileState(path) === 'encrypted') return false;
      // Leaving WAL mode needs every other connection gone, and SQLite says "busy" at once rather
      // than waiting for them: another Baton starting at the same moment holds it briefly.
      if (!isBusy(error) || Date.now() > deadline) throw error;
      sleepSync(50 + Math.random() * 50);
    }
  }
  try {
    rmSync(encryptingPath, { force: true });
    rmSync(`${encryptingPath}-journal`, { force: true });
    plain.exec(`VACUUM INTO '${encryptingPath.replaceAll("'", "''")}'`);
    encryptInPlace(encryptingPath, hex);
    checkReadable(encryptingPath, hex);
    flushFile(encryptingPath);
    // The plaintext keeps a second name, so the rename below does not free its blocks unwiped.
    rmSync(plaintextPath, { force: true });
    linkSync(path, plaintextPath);
    renameSync(encryptingPath, path);
    flushFolder(dirname(path));
  } finally {
    plain.close();
  }
  wipeAndRemove(plaintextPath);
  return true;
}

/**
 * Clears what an encryption stopped after the swap left behind: the old plaintext's second name
 * (wiped now). Stopped before the swap, the second name is the database itself (same inode) and
 * is left for the encryption that runs again on this open (or is running in another process).
 */
export function finishInterruptedEncryption(path: string): void {
  const plaintextPath = path + plaintextSuffix;
  if (!existsSync(plaintextPath)) return;
  if (existsSync(path) && statSync(path).ino === statSync(plaintextPath).ino) return;
  wipeAndRemove(plaintextPath);
}

/**
 * The plaintext database, out of WAL mode and locked against every other connection until closed,
 * or null when the file at `path` is no longer the one with inode `plaintextInode` (another Baton
 * encrypted it while this one waited for the lock).
 * Leaving WAL mode folds the log into the file and removes it, so no plaintext log is left beside
 * the encrypted file, and VACUUM INTO then copies the whole database (free pages left out). It
 * fails while another process has the database open, which is what must happen: that process
 * would go on writing plaintext.
 */
export function lockPlaintext(path: string, plaintextInode: number): Connection | null {
  const plain = new Database(path);
  try {
    plain.pragma('busy_timeout = 5000');
    plain.pragma('journal_mode = DELETE');
    plain.pragma('locking_mode = EXCLUSIVE');
    // The first write takes the exclusive lock, and EXCLUSIVE locking mode keeps it until close.
    // Rewriting user_version with its own value is a write that changes nothing. BEGIN EXCLUSIVE
    // comes first, before any read: a connection that read first holds a shared lock, and two
    // such connections asking for the write lock are a deadlock that SQLite answers at once with
    // "database is locked" instead of waiting (seen with three processes starting together).
    plain.exec('BEGIN EXCLUSIVE');
    // Checked under the lock and before any write: a connection opened before another Baton
    // renamed the encrypted file over the path holds the old file, and its rollback journal
    // would be named after the path, beside the encrypted file, where the next opener would
    // roll its pages into the encrypted database.
    if (statSync(path).ino !== plaintextInode) {
      plain.exec('ROLLBACK');
      plain.close();
      return null;
    }
    const version = plain.pragma('user_version', { simple: true }) as number;
    plain.pragma(`user_version = ${version}`);
    plain.exec('COMMIT');
    return plain;
  } catch (error) {
    plain.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new BatonError(
      'storage',
      `Cannot encrypt the database "${path}" (${reason}). If another Baton (the app or the CLI) has it open, close it and start again.`,
      { cause: error },
    );
  }
}

function encryptInPlace(path: string, hex: string): void {
  const copy = new Database(path);
  try {
    // The rollback journal of the rekey would hold plaintext pages: kept in memory, never on disk.
    // A crash here only loses the copy, which the next start makes again.
    copy.pragma('journal_mode = MEMORY');
    copy.pragma("cipher = 'sqlcipher'");
    copy.pragma('legacy = 4');
    copy.pragma(`rekey = "x'${hex}'"`);
  } finally {
    copy.close();
  }
}

function checkReadable(path: string, hex: string): void {
  const check = new Database(path);
  try {
    applyDatabaseKey(check, hex);
    const result = check.pragma('quick_check', { simple: true });
    if (result !== 'ok') throw new BatonError('storage', `The encrypted copy of the database failed its check (${String(result)}); the plaintext database is unchanged.`);
  } finally {
    check.close();
  }
}

function flushFile(path: string): void {
  const descriptor = openSync(path, 'r+');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

const wipeChunk = Buffer.alloc(1 << 20);

/** Overwrites the file with zeros, flushes, and deletes it. Gone already (another Baton wiped it) is fine. */
function wipeAndRemove(path: string): void {
  let descriptor: number;
  try {
    descriptor = openSync(path, 'r+');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const size = fstatSync(descriptor).size;
  try {
    for (let offset = 0; offset < size; offset += wipeChunk.length) {
      writeSync(descriptor, wipeChunk, 0, Math.min(wipeChunk.length, size - offset), offset);
    }
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  rmSync(path, { force: true });
}
