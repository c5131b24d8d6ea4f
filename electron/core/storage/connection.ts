import type Database from 'better-sqlite3';

/** An open better-sqlite3 connection, as the storage modules pass it around. */
export type Connection = Database.Database;
