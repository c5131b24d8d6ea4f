import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BatonError } from '../../../shared/errors.js';

/**
 * The key file, used where no keychain works (a headless Linux): the database key as 64 hex
 * digits, readable by its owner only (0600). It lives beside the data folder, not in it, so a
 * copy of the data folder (a backup, a sync folder) holds the encrypted database without its key:
 * for the data folder ~/.local/share/baton it is ~/.local/share/baton-database.key.
 */

export function keyFilePathFor(databasePath: string): string {
  const dataDir = dirname(databasePath);
  return join(dirname(dataDir), `${basename(dataDir)}-database.key`);
}

export interface KeyFileContent {
  hex: string;
  /** True when the file was readable by others and its permissions were narrowed to 0600 now. */
  permissionsNarrowed: boolean;
}

const keyPattern = /^[0-9a-f]{64}$/;
/** Permission bits for group and others: none may be set. */
const groupAndOthers = 0o077;

/**
 * The key in the file, or null when there is no file. A file readable by others is narrowed to
 * 0600 rather than refused: refusing would lock the person out of their own data over a mode bit,
 * and the caller says that it happened (the key may have been read; copies made meanwhile are
 * as exposed as before). Windows has no such mode bits: the file inherits the profile's ACL.
 */
export function readKeyFile(path: string): KeyFileContent | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new BatonError('storage', `Cannot read the database key file "${path}": ${(error as Error).message}`, { cause: error });
  }
  const hex = text.trim().toLowerCase();
  if (!keyPattern.test(hex)) {
    throw new BatonError(
      'storage',
      `The database key file "${path}" is damaged: it must hold 64 hexadecimal digits. Put back a copy of it if you have one; ` +
        'otherwise the database cannot be read: rename the key file aside, and start afresh (`baton doctor --start-afresh`).',
    );
  }
  let permissionsNarrowed = false;
  if (process.platform !== 'win32' && (statSync(path).mode & groupAndOthers) !== 0) {
    chmodSync(path, 0o600);
    permissionsNarrowed = true;
  }
  return { hex, permissionsNarrowed };
}

/**
 * Writes the key to a new file, atomically and only if there is none yet: the key goes to a
 * temporary file (0600, flushed to disk), which is then hard-linked to the final name. The link
 * fails when another process (the app and the CLI starting together) published a key first;
 * then that key is returned, so both use the same one. Returns the key now in the file.
 */
export function writeNewKeyFile(path: string, hex: string): string {
  mkdirSync(dirname(path), { recursive: true });
  const temporaryPath = `${path}.${process.pid}.tmp`;
  // Left by a process of the same id that stopped here: only this process can be writing it now.
  rmSync(temporaryPath, { force: true });
  const descriptor = openSync(temporaryPath, 'wx', 0o600);
  try {
    writeSync(descriptor, `${hex}\n`);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  try {
    linkSync(temporaryPath, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporaryPath);
  }
  flushFolder(dirname(path));
  const written = readKeyFile(path);
  if (!written) throw new BatonError('storage', `The database key file "${path}" vanished right after it was written.`);
  return written.hex;
}

/** Makes a new name in the folder survive a power loss (a no-op on Windows, which cannot open folders). */
export function flushFolder(folder: string): void {
  if (process.platform === 'win32') return;
  const descriptor = openSync(folder, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}
