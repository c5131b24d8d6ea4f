import { randomBytes } from 'node:crypto';
import { BatonError } from '../../../shared/errors.js';
import { readKeyFile, writeNewKeyFile } from './database-key-file.js';
import type { Keychain } from './keychain.js';

/**
 * The one database key, shared by the desktop app and the CLI: 32 random bytes, used as a raw
 * SQLCipher key (no key derivation on every open: the key is random, not a password).
 *
 * Where it is looked for, in order:
 * 1. the key file beside the data folder: it exists only because no keychain worked when the key
 *    was made (or in a session where none works), so it is the key this data folder was made with;
 * 2. the OS keychain (service "Baton", account "database-key").
 * A new key goes to the keychain; where that fails, to the key file, and the person is told.
 */

export type KeyStorage = 'keychain' | 'file';

export interface DatabaseKey {
  /** 64 hexadecimal digits. */
  hex: string;
  storage: KeyStorage;
  keyFilePath: string;
  /** Something the person should be told (the key is in a file; its permissions were narrowed), or null. */
  notice: string | null;
  /** True when the notice is news: the key file was just made, or its permissions just narrowed. */
  noticeIsNew: boolean;
}

export interface DatabaseKeySources {
  keychain: Keychain;
  keyFilePath: string;
}

const keyPattern = /^[0-9a-f]{64}$/;

export type FoundDatabaseKey =
  | { key: DatabaseKey }
  /** keychainProblem: why the keychain could not be asked (null when it was asked and had no key). */
  | { key: null; keychainProblem: string | null };

/** The stored key, or none when neither the key file nor a working keychain holds one. */
export function findDatabaseKey(sources: DatabaseKeySources): FoundDatabaseKey {
  const file = readKeyFile(sources.keyFilePath);
  if (file) {
    const narrowed = file.permissionsNarrowed
      ? ` It was readable by other users of this computer; it is now readable only by you.`
      : '';
    return { key: { hex: file.hex, storage: 'file', keyFilePath: sources.keyFilePath, notice: keyFileNotice(sources.keyFilePath) + narrowed, noticeIsNew: file.permissionsNarrowed } };
  }
  let stored: string | null;
  try {
    stored = sources.keychain.read();
  } catch (error) {
    // No keychain here (no Secret Service on a headless Linux, a locked keychain, an SSH session).
    return { key: null, keychainProblem: error instanceof Error ? error.message : String(error) };
  }
  if (stored === null) return { key: null, keychainProblem: null };
  if (!keyPattern.test(stored)) {
    throw new BatonError('storage', 'The database key in the keychain (Baton, database-key) is damaged: it must hold 64 hexadecimal digits.');
  }
  return { key: { hex: stored, storage: 'keychain', keyFilePath: sources.keyFilePath, notice: null, noticeIsNew: false } };
}

/** Makes a new key and stores it: in the keychain, or where no keychain works, in the key file. */
export function createDatabaseKey(sources: DatabaseKeySources): DatabaseKey {
  const hex = randomBytes(32).toString('hex');
  let keychainProblem: string;
  try {
    sources.keychain.write(hex);
    // Read back: a keychain that accepts a secret without keeping it would lose the database.
    // Another process storing its key at the same moment wins; this one uses that key too.
    const stored = sources.keychain.read();
    if (stored !== null && keyPattern.test(stored)) {
      return { hex: stored, storage: 'keychain', keyFilePath: sources.keyFilePath, notice: null, noticeIsNew: false };
    }
    keychainProblem = 'the keychain did not keep the key';
  } catch (error) {
    keychainProblem = (error instanceof Error ? error.message : String(error)).replace(/\.$/, '');
  }
  const written = writeNewKeyFile(sources.keyFilePath, hex);
  return {
    hex: written,
    storage: 'file',
    keyFilePath: sources.keyFilePath,
    notice: `${keyFileNotice(sources.keyFilePath)} (No keychain could hold it: ${keychainProblem}.)`,
    noticeIsNew: true,
  };
}

function keyFileNotice(keyFilePath: string): string {
  return (
    `The database key is in the file "${keyFilePath}" (readable only by you), not in a keychain. ` +
    'Whoever can read that file can read the database: keep it out of backups and sync folders that hold the data folder.'
  );
}
