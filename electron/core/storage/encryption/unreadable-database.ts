import { existsSync, renameSync } from 'node:fs';

/**
 * Starting afresh after a lost key: the unreadable database is renamed, never deleted (the key
 * may turn up, in a backup or another keychain), so that a new database can take its place.
 */

/** Renames the database and its write-ahead log files aside; returns the new name of the database. */
export function setDatabaseAside(path: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
  const asidePath = `${path}.unreadable-${stamp}`;
  for (const suffix of ['', '-wal', '-shm']) {
    if (existsSync(path + suffix)) renameSync(path + suffix, asidePath + suffix);
  }
  return asidePath;
}
