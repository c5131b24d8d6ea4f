import { existsSync } from 'node:fs';
import { resolvePaths } from '../core/paths.js';
import { defaultSettings, settingsSchema, type Settings } from '../core/settings.js';
import { openDatabase } from '../core/storage/database.js';

/**
 * The settings as stored (defaults applied), read before Baton is made, for flags that add to
 * a stored list rather than replace it. No database yet means the defaults.
 */
export function readStoredSettings(environment: NodeJS.ProcessEnv = process.env): Settings {
  const { databasePath } = resolvePaths(environment);
  if (!existsSync(databasePath)) return defaultSettings;
  const database = openDatabase(databasePath);
  try {
    return settingsSchema.parse(database.settings.all());
  } finally {
    database.close();
  }
}
