import { closeSync, existsSync, fsyncSync, linkSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { BatonError } from '../../../shared/errors.js';
import { flushFolder } from './database-key-file.js';
import { applyDatabaseKey } from './database-cipher.js';

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
/** A second name of the old plaintext file, kept from the rename until it is wiped. */
const plaintextSuffix = '.plaintext';

export function encryptPlaintextDatabase(path: string, hex: string): void {
  const encryptingPath = path + encryptingSuffix;
  const plaintextPath = path + plaintextSuffix;
  finishInterruptedEncryption(path);
  copyIntoSingleFile(path, encryptingPath);
  encryptInPlace(encryptingPath, hex);
  checkReadable(encryptingPath, hex);
  flushFile(encryptingPath);
  // The plaintext keeps a second name, so the rename below does not free its blocks unwiped.
  linkSync(path, plaintextPath);
  renameSync(encryptingPath, path);
  flushFolder(dirname(path));
  wipeAndRemove(plaintextPath);
}

/**
 * Clears what an encryption stopped midway left behind: an unfinished copy (the plaintext is
 * still the database), or the old plaintext's second name after the swap (wiped now).
 */
export function finishInterruptedEncryption(path: string): void {
  rmSync(path + encryptingSuffix, { force: true });
  rmSync(`${path}${encryptingSuffix}-journal`, { force: true });
  const plaintextPath = path + plaintextSuffix;
  if (!existsSync(plaintextPath)) return;
  if (existsSync(path) && statSync(path).ino === statSync(plaintextPath).ino) {
    // Stopped before the swap: the same file under two names; dropping one name loses nothing.
    rmSync(plaintextPath);
  } else {
    wipeAndRemove(plaintextPath);
  }
}

/**
 * A compact plaintext copy of the whole database (write-ahead log included, free pages left out).
 * The original leaves WAL mode first: that folds its log into the file and removes it, so no
 * plaintext log is left beside the encrypted file. It fails while another process has the
 * database open, which is what must happen: that process would go on writing plaintext.
 */
function copyIntoSingleFile(path: string, copyPath: string): void {
  const plain = new Database(path);
  try {
    plain.pragma('busy_timeout = 5000');
    try {
      plain.pragma('journal_mode = DELETE');
    } catch (error) {
      throw new BatonError(
        'storage',
        `Cannot encrypt the database "${path}" while another Baton (the app or the CLI) has it open: close it and start again.`,
        { cause: error },
      );
    }
    plain.exec(`VACUUM INTO '${copyPath.replaceAll("'", "''")}'`);
  } finally {
    plain.close();
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

/** Overwrites the file with zeros, flushes, and deletes it. */
function wipeAndRemove(path: string): void {
  const size = statSync(path).size;
  const descriptor = openSync(path, 'r+');
  try {
    for (let offset = 0; offset < size; offset += wipeChunk.length) {
      writeSync(descriptor, wipeChunk, 0, Math.min(wipeChunk.length, size - offset), offset);
    }
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  rmSync(path);
}
