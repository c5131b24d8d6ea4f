import type { Connection } from './connection.js';

/**
 * What makes a deletion reach the disk. SQLite normally leaves deleted rows in free pages and old
 * page images in the write-ahead log, where a copy of the file still shows them.
 */

/** SQLite's PRAGMA auto_vacuum value for INCREMENTAL. */
const incrementalAutoVacuum = 2;

/**
 * Per connection (SQLite does not store it): deleted content is overwritten with zeros instead
 * of left in free pages. Set before anything is deleted.
 */
export function enableSecureDelete(connection: Connection): void {
  connection.pragma('secure_delete = ON');
}

/**
 * INCREMENTAL auto-vacuum lets `reclaimFreedSpace` cut free pages off the end of the file. A new
 * database takes the setting when its first table is created; an existing one (made before this
 * setting) is rebuilt once by VACUUM, which cannot run inside a transaction, hence not a migration.
 * Returns true when it rebuilt the file.
 */
export function ensureIncrementalAutoVacuum(connection: Connection): boolean {
  if (connection.pragma('auto_vacuum', { simple: true }) === incrementalAutoVacuum) return false;
  connection.pragma('auto_vacuum = INCREMENTAL');
  if (!hasTables(connection)) return false;
  connection.exec('VACUUM');
  // In WAL mode the rebuilt pages are in the log until a checkpoint: until then the old file,
  // free pages and all, is still on disk.
  connection.pragma('wal_checkpoint(TRUNCATE)');
  return true;
}

export interface ReclaimReport {
  /** False when a reader in another connection kept the log from being emptied; it empties on a later checkpoint. */
  logEmptied: boolean;
}

/**
 * After a deletion: frees the empty pages, then copies the log into the file and truncates it
 * to zero bytes, so the old page images (which still hold the deleted text) are gone from it.
 */
export function reclaimFreedSpace(connection: Connection): ReclaimReport {
  connection.pragma('incremental_vacuum');
  if (connection.memory) return { logEmptied: true };
  // The checkpoint waits for readers in other connections (the CLI, a second app) up to the busy
  // timeout, blocking this thread, the service's. It waits briefly instead: a reader that stays
  // longer leaves the log for a later checkpoint (logEmptied false), the deletion itself is done.
  const busyTimeoutMs = connection.pragma('busy_timeout', { simple: true }) as number;
  connection.pragma(`busy_timeout = ${Math.min(busyTimeoutMs, checkpointWaitMs)}`);
  try {
    const [result] = connection.pragma('wal_checkpoint(TRUNCATE)') as { busy: number; log: number; checkpointed: number }[];
    return { logEmptied: result !== undefined && result.busy === 0 && result.log <= 0 };
  } finally {
    connection.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** How long the post-deletion checkpoint waits for readers in other connections. */
export const checkpointWaitMs = 200;

function hasTables(connection: Connection): boolean {
  return connection.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' LIMIT 1").get() !== undefined;
}
