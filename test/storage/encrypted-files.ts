import { createDecipheriv } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';
import type { Connection } from '../../electron/core/storage/connection.js';
import { applyDatabaseKey } from '../../electron/core/storage/encryption/database-cipher.js';
import { keyFilePathFor } from '../../electron/core/storage/encryption/database-key-file.js';

/**
 * Reading an encrypted database's files as someone holding its key would: the tests run with
 * BATON_KEYCHAIN=off, so the key is in the key file beside the data folder.
 */

export function databaseKeyOf(databasePath: string): string {
  return readFileSync(keyFilePathFor(databasePath), 'utf8').trim();
}

/** A second connection of its own (another process would open it the same way). */
export function openWithKey(databasePath: string, options: { readonly?: boolean } = {}): Connection {
  const connection = new Database(databasePath, options);
  applyDatabaseKey(connection, databaseKeyOf(databasePath));
  return connection;
}

/** SQLCipher 4 pages: 4096 bytes, of which the last 80 are the IV (16 bytes) and the HMAC (64). */
const pageSize = 4096;
const reservedBytes = 80;
/** Page 1 starts with the key salt instead of SQLite's header. */
const saltBytes = 16;
const walHeaderBytes = 32;
const walFrameHeaderBytes = 24;

/**
 * Every page in the database file and every frame in its write-ahead log, decrypted: what a
 * deletion must not have left behind, even for someone with the key. Free pages included.
 */
export function decryptedBytes(databasePath: string): { database: Buffer; log: Buffer } {
  const key = Buffer.from(databaseKeyOf(databasePath), 'hex');
  const file = readFileSync(databasePath);
  const pages: Buffer[] = [];
  for (let offset = 0; offset + pageSize <= file.length; offset += pageSize) {
    pages.push(decryptPage(file.subarray(offset, offset + pageSize), key, offset === 0));
  }
  const logPath = `${databasePath}-wal`;
  const log = existsSync(logPath) ? readFileSync(logPath) : Buffer.alloc(0);
  const frames: Buffer[] = [];
  for (let offset = walHeaderBytes; offset + walFrameHeaderBytes + pageSize <= log.length; offset += walFrameHeaderBytes + pageSize) {
    const pageNumber = log.readUInt32BE(offset);
    const page = log.subarray(offset + walFrameHeaderBytes, offset + walFrameHeaderBytes + pageSize);
    frames.push(decryptPage(page, key, pageNumber === 1));
  }
  return { database: Buffer.concat(pages), log: Buffer.concat(frames) };
}

function decryptPage(page: Buffer, key: Buffer, isFirst: boolean): Buffer {
  const initializationVector = page.subarray(pageSize - reservedBytes, pageSize - reservedBytes + 16);
  const decipher = createDecipheriv('aes-256-cbc', key, initializationVector).setAutoPadding(false);
  return Buffer.concat([decipher.update(page.subarray(isFirst ? saltBytes : 0, pageSize - reservedBytes)), decipher.final()]);
}
