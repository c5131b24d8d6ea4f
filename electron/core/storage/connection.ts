import type Database from 'better-sqlite3-multiple-ciphers';

/** An open better-sqlite3-multiple-ciphers connection (better-sqlite3's API with SQLCipher), as the storage modules pass it around. */
export type Connection = Database.Database;
