import { dialog } from 'electron';
import { openDatabase, startDatabaseAfresh, type BatonDatabase } from '../core/storage/database.js';
import { DatabaseKeyError } from '../shared/errors.js';

/**
 * Before the service starts, the database must open. A lost or wrong key is the one failure the
 * person can settle here: quit (nothing changes; the key may turn up), or start afresh (the
 * unreadable database is kept aside, never deleted). Returns false when they quit. The key's
 * notice (kept in a file because no keychain works) goes to the log at every start.
 */
export function openDatabaseOrAsk(databasePath: string): boolean {
  try {
    closeAfterLogging(openDatabase(databasePath));
    return true;
  } catch (error) {
    if (!(error instanceof DatabaseKeyError)) throw error;
    const choice = dialog.showMessageBoxSync({
      type: 'warning',
      title: 'Baton',
      message: 'Baton cannot open its database.',
      detail: error.message,
      buttons: ['Quit', 'Start afresh'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    if (choice !== 1) return false;
    const { database, asidePath } = startDatabaseAfresh(databasePath);
    process.stderr.write(`Baton: started afresh; the unreadable database is kept at ${asidePath ?? databasePath}.\n`);
    closeAfterLogging(database);
    return true;
  }
}

function closeAfterLogging(database: BatonDatabase): void {
  const notice = database.encryption?.notice;
  if (notice) process.stderr.write(`Baton: ${notice}\n`);
  database.close();
}
