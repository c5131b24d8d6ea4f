import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { erasureCoverage } from '../../electron/core/storage/erasure-coverage.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';

let database: BatonDatabase;

beforeEach(() => {
  database = openDatabase(':memory:');
});

afterEach(() => {
  database.close();
});

interface TableListRow {
  schema: string;
  name: string;
  type: 'table' | 'view' | 'shadow' | 'virtual';
}

interface ForeignKeyRow {
  table: string;
  on_delete: string;
}

/**
 * Every table and virtual table of the schema. Shadow tables (an FTS5 index's _data, _content, ...)
 * go with their virtual table, and SQLite's own (sqlite_schema, sqlite_sequence, sqlite_stat1) hold no user data.
 */
function schemaTables(): string[] {
  return database.connection
    .prepare<[], TableListRow>('PRAGMA main.table_list')
    .all()
    .filter((row) => (row.type === 'table' || row.type === 'virtual') && !row.name.startsWith('sqlite_'))
    .map((row) => row.name)
    .sort();
}

describe('erasure coverage', () => {
  it('names every table of the schema, and only those: a new table must say how its rows go', () => {
    expect(Object.keys(erasureCoverage).sort()).toEqual(schemaTables());
  });

  it('lists tables as SQLite reports them, virtual ones included and shadow tables left out', () => {
    database.connection.exec('CREATE VIRTUAL TABLE probe_index USING fts5 (text)');

    expect(schemaTables()).toEqual([...Object.keys(erasureCoverage), 'probe_index'].sort());
  });

  it.each(Object.entries(erasureCoverage).filter(([, erasure]) => erasure.erasedBy === 'cascade'))(
    '%s really cascades from a covered parent',
    (table, erasure) => {
      if (erasure.erasedBy !== 'cascade') throw new Error('filtered above');
      const foreignKeys = database.connection.prepare<[], ForeignKeyRow>(`PRAGMA foreign_key_list(${table})`).all();

      expect(foreignKeys.filter((key) => key.table === erasure.parent).map((key) => key.on_delete)).toContain('CASCADE');
      expect(erasureCoverage[erasure.parent]).toBeDefined();
    },
  );

  it.each(Object.entries(erasureCoverage).filter(([, erasure]) => erasure.erasedBy === 'trigger'))(
    '%s loses its rows by a delete trigger on a covered parent',
    (table, erasure) => {
      if (erasure.erasedBy !== 'trigger') throw new Error('filtered above');
      const trigger = database.connection
        .prepare<[string], { tbl_name: string; sql: string }>("SELECT tbl_name, sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?")
        .get(erasure.trigger);

      expect(trigger?.tbl_name).toBe(erasure.parent);
      expect(trigger?.sql).toMatch(new RegExp(`AFTER DELETE ON ${erasure.parent} BEGIN\\s+INSERT INTO ${table} \\(${table},`));
      expect(erasureCoverage[erasure.parent]).toBeDefined();
    },
  );

  it('keeps the foreign keys switched on, without which no cascade happens', () => {
    expect(database.connection.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});
