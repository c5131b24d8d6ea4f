import { BatonError } from '../../shared/errors.js';
import type { Clock } from './clock.js';
import type { Connection } from './connection.js';

interface SettingRow {
  key: string;
  value: string;
}

/**
 * Key → JSON value. Values come back as `unknown`: the caller validates them (the settings
 * schema), because a value may have been written by an older Baton.
 */
export class SettingsRepository {
  private readonly getStatement;
  private readonly upsertStatement;
  private readonly deleteStatement;
  private readonly allStatement;
  private readonly manyStatement;

  constructor(
    connection: Connection,
    private readonly clock: Clock,
  ) {
    this.getStatement = connection.prepare<[string], SettingRow>('SELECT key, value FROM settings WHERE key = ?');
    this.upsertStatement = connection.prepare<[{ key: string; value: string; now: string }]>(
      `INSERT INTO settings (key, value, updated_at) VALUES (@key, @value, @now)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    );
    this.deleteStatement = connection.prepare<[string]>('DELETE FROM settings WHERE key = ?');
    this.allStatement = connection.prepare<[], SettingRow>('SELECT key, value FROM settings ORDER BY key');
    // One statement for any list of keys: the list goes in as a JSON array.
    this.manyStatement = connection.prepare<[string], SettingRow>('SELECT key, value FROM settings WHERE key IN (SELECT value FROM json_each(?)) ORDER BY key');
  }

  /** The stored value, or undefined when the key is not set. */
  get(key: string): unknown {
    const row = this.getStatement.get(key);
    return row === undefined ? undefined : parseValue(row);
  }

  /** Stores any JSON value (null included); undefined, functions and symbols have no JSON form and are refused. */
  set(key: string, value: unknown): void {
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) {
      throw new BatonError('invalid-request', `The setting "${key}" cannot be stored: its value has no JSON form.`);
    }
    this.upsertStatement.run({ key, value: json, now: this.clock() });
  }

  /** False when the key was not set. */
  delete(key: string): boolean {
    return this.deleteStatement.run(key).changes > 0;
  }

  /** The values of these keys that are set; the others are absent. */
  many(keys: Iterable<string>): Record<string, unknown> {
    return Object.fromEntries(this.manyStatement.all(JSON.stringify([...keys])).map((row) => [row.key, parseValue(row)]));
  }

  all(): Record<string, unknown> {
    // fromEntries defines own properties, so a key like "__proto__" stays a plain key.
    return Object.fromEntries(this.allStatement.all().map((row) => [row.key, parseValue(row)]));
  }
}

function parseValue(row: SettingRow): unknown {
  try {
    return JSON.parse(row.value);
  } catch (error) {
    throw new BatonError('storage', `The stored setting "${row.key}" is not valid JSON.`, { cause: error });
  }
}
