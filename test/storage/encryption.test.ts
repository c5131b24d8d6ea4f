import { existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseKeyError } from '../../electron/shared/errors.js';
import { openDatabase, startDatabaseAfresh } from '../../electron/core/storage/database.js';
import { keyFilePathFor } from '../../electron/core/storage/encryption/database-key-file.js';
import { lockPlaintext } from '../../electron/core/storage/encryption/plaintext-migration.js';
import type { DatabaseKeySources } from '../../electron/core/storage/encryption/database-key.js';
import { absentKeychain, type Keychain } from '../../electron/core/storage/encryption/keychain.js';
import { migrate } from '../../electron/core/storage/migrations.js';
import { databaseKeyOf, decryptedBytes } from './encrypted-files.js';

/**
 * The database encrypted at rest: what a copy of the data folder shows, where the key lives, the
 * one-time encryption of a plaintext database, and what a missing or wrong key does.
 */

let folder: string;
let dataDir: string;
let path: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-encryption-'));
  dataDir = join(folder, 'data');
  path = join(dataDir, 'baton.sqlite');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const marker = 'Wombatquay private note';

/** A keychain in memory; `keeps: false` accepts secrets and forgets them. */
function memoryKeychain(options: { keeps?: boolean } = {}): Keychain & { secret: string | null } {
  const keychain = {
    secret: null as string | null,
    read: () => keychain.secret,
    write: (secret: string) => {
      if (options.keeps !== false) keychain.secret = secret;
    },
  };
  return keychain;
}

const lockedKeychain: Keychain = {
  read: () => {
    throw new Error('Platform failure: DBus error: no Secret Service');
  },
  write: () => {
    throw new Error('Platform failure: DBus error: no Secret Service');
  },
};

function sources(keychain: Keychain): DatabaseKeySources {
  return { keychain, keyFilePath: keyFilePathFor(path) };
}

/** A database as a Baton without encryption left it: plaintext, WAL mode, the last rows only in the log. */
function writePlaintextDatabase(): void {
  mkdirSync(dataDir, { recursive: true });
  const old = new Database(path);
  old.pragma('journal_mode = WAL');
  migrate(old);
  old.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('c1', ?, '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:00.000Z')").run(marker);
  old.pragma('wal_checkpoint(TRUNCATE)');
  old.prepare(
    `INSERT INTO messages (id, conversation_id, role, content, status, writer_pid, created_at, updated_at)
     VALUES ('m1', 'c1', 'user', ?, 'complete', NULL, '2024-05-01T10:00:00.000Z', '2024-05-01T10:00:00.000Z')`,
  ).run(`${marker} in the log`);
  // Left open like a crashed process would: the message is only in the write-ahead log.
  expect(readFileSync(`${path}-wal`).includes(`${marker} in the log`)).toBe(true);
  old.close();
}

function rawBytes(file: string): Buffer {
  return existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
}

describe('the key', () => {
  it('goes to a 0600 key file beside the data folder where no keychain works, and the same key opens it next time', () => {
    const first = openDatabase(path, { keySources: sources(lockedKeychain) });
    first.conversations.create({ title: marker });
    expect(first.encryption).toMatchObject({ keyStorage: 'file', keyFilePath: join(folder, 'data-database.key'), noticeIsNew: true });
    expect(first.encryption!.notice).toMatch(/data-database\.key.*not in a keychain.*no Secret Service/s);
    first.close();

    const keyFile = join(folder, 'data-database.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile, 'utf8')).toMatch(/^[0-9a-f]{64}\n$/);
    // Not in the data folder: a copy of the folder carries no key.
    expect(readdirSync(dataDir).some((name) => name.includes('key'))).toBe(false);
    const key = databaseKeyOf(path);

    // The app and the CLI open the database through the same code and find the same file.
    const app = openDatabase(path, { keySources: sources(lockedKeychain) });
    const cli = openDatabase(path, { keySources: sources(absentKeychain) });
    expect(cli.conversations.list().map((conversation) => conversation.title)).toEqual([marker]);
    expect(app.encryption).toMatchObject({ keyStorage: 'file', noticeIsNew: false });
    expect(databaseKeyOf(path)).toBe(key);
    cli.close();
    app.close();
  });

  it('goes to the keychain where one works, and no key file is written', () => {
    const keychain = memoryKeychain();
    const database = openDatabase(path, { keySources: sources(keychain) });
    database.conversations.create({ title: marker });
    expect(database.encryption).toMatchObject({ keyStorage: 'keychain', notice: null });
    database.close();
    expect(keychain.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(keyFilePathFor(path))).toBe(false);

    const again = openDatabase(path, { keySources: sources(keychain) });
    expect(again.conversations.list()).toHaveLength(1);
    again.close();
  });

  it('falls back to the key file when the keychain accepts the key but does not keep it', () => {
    const database = openDatabase(path, { keySources: sources(memoryKeychain({ keeps: false })) });
    expect(database.encryption).toMatchObject({ keyStorage: 'file' });
    expect(database.encryption!.notice).toMatch(/did not keep the key/);
    database.close();
  });

  it('is taken from an existing key file before the keychain: the file is what this data folder was made with', () => {
    openDatabase(path, { keySources: sources(lockedKeychain) }).close();
    const keychain = memoryKeychain();
    keychain.secret = 'ab'.repeat(32);
    const database = openDatabase(path, { keySources: sources(keychain) });
    expect(database.encryption).toMatchObject({ keyStorage: 'file' });
    database.close();
  });

  it('narrows a key file readable by others to 0600 and says so', () => {
    openDatabase(path, { keySources: sources(lockedKeychain) }).close();
    const keyFile = keyFilePathFor(path);
    chmodSync(keyFile, 0o644);
    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(database.encryption).toMatchObject({ noticeIsNew: true });
    expect(database.encryption!.notice).toMatch(/readable by other users/);
    database.close();
  });
});

describe('a plaintext database from before encryption', () => {
  it('is encrypted once on open, keeps every row, and leaves no plaintext behind', () => {
    writePlaintextDatabase();
    // A second name for the old file: it shows what happened to the old bytes after the swap.
    const oldFile = join(folder, 'old-inode');
    linkSync(path, oldFile);

    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(database.encryption).toMatchObject({ encryptedPlaintextDatabase: true });
    expect(database.conversations.get('c1')!.title).toBe(marker);
    expect(database.messages.listByConversation('c1').map((message) => message.content)).toEqual([`${marker} in the log`]);
    database.close();

    for (const file of [path, `${path}-wal`]) expect(rawBytes(file).includes('Wombatquay')).toBe(false);
    expect(rawBytes(path).subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    // The old plaintext was overwritten before it was deleted.
    const old = readFileSync(oldFile);
    expect(old.length).toBeGreaterThan(0);
    expect(old.every((byte) => byte === 0)).toBe(true);
    expect(readdirSync(dataDir).sort()).toEqual(['baton.sqlite']);
    // With the key the rows are there (the control for the checks above).
    expect(decryptedBytes(path).database.includes(marker)).toBe(true);

    const again = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(again.encryption).toMatchObject({ encryptedPlaintextDatabase: false });
    expect(again.messages.listByConversation('c1')).toHaveLength(1);
    again.close();
  });

  it('survives an encryption stopped before the swap: the half-made copy is dropped and the plaintext encrypted again', () => {
    writePlaintextDatabase();
    writeFileSync(`${path}.encrypting`, 'half a copy');
    linkSync(path, `${path}.plaintext`);

    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(database.messages.listByConversation('c1')).toHaveLength(1);
    database.close();
    expect(readdirSync(dataDir).sort()).toEqual(['baton.sqlite']);
    expect(rawBytes(path).includes('Wombatquay')).toBe(false);
  });

  it('survives an encryption stopped after the swap: the old plaintext left under its second name is wiped', () => {
    openDatabase(path, { keySources: sources(lockedKeychain) }).close();
    const leftover = `${path}.plaintext`;
    writeFileSync(leftover, `SQLite format 3\0 ${marker}`);
    const keep = join(folder, 'leftover-inode');
    linkSync(leftover, keep);

    openDatabase(path, { keySources: sources(lockedKeychain) }).close();
    expect(existsSync(leftover)).toBe(false);
    expect(readFileSync(keep).every((byte) => byte === 0)).toBe(true);
  });

  it('is encrypted after a writer stopped mid-transaction: its interrupted write is rolled back first', () => {
    writePlaintextDatabase();
    const before = new Database(path);
    before.pragma('journal_mode = DELETE');
    before.close();
    // A process killed in the middle of a write leaves a hot rollback journal beside the file.
    const writer = spawnSync(
      process.execPath,
      [
        '-e',
        `const Database = require('better-sqlite3-multiple-ciphers');
         const database = new Database(${JSON.stringify(path)});
         database.pragma('cache_size = 1');
         database.exec('BEGIN');
         database.prepare('DELETE FROM messages').run();
         for (let index = 0; index < 200; index += 1) database.prepare("UPDATE conversations SET title = ?").run('x'.repeat(3000));
         process.kill(process.pid, 'SIGKILL');`,
      ],
      { cwd: process.cwd() },
    );
    expect(writer.signal).toBe('SIGKILL');
    expect(existsSync(`${path}-journal`)).toBe(true);

    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(database.encryption).toMatchObject({ encryptedPlaintextDatabase: true });
    expect(database.conversations.get('c1')!.title).toBe(marker);
    expect(database.messages.listByConversation('c1')).toHaveLength(1);
    database.close();
    expect(readdirSync(dataDir).sort()).toEqual(['baton.sqlite']);
  });

  it('is not locked for encryption once another Baton has renamed the encrypted file over it, and nothing is written', () => {
    writePlaintextDatabase();
    const plaintextInode = statSync(path).ino;
    // What another Baton does at the end of its encryption: a new file under the same name.
    const replacement = join(dataDir, 'replacement.sqlite');
    const other = new Database(replacement);
    other.exec('CREATE TABLE kept (value TEXT)');
    other.close();
    const replacementBytes = readFileSync(replacement);
    renameSync(replacement, path);

    expect(lockPlaintext(path, plaintextInode)).toBeNull();
    expect(readFileSync(path).equals(replacementBytes)).toBe(true);
    expect(existsSync(`${path}-journal`)).toBe(false);
  });

  it('is not encrypted while another connection has it open, and stays as it was', () => {
    writePlaintextDatabase();
    const other = new Database(path);
    other.pragma('journal_mode = WAL');
    other.prepare('SELECT count(*) FROM conversations').get();
    const before = readFileSync(path);
    try {
      expect(() => openDatabase(path, { keySources: { keychain: lockedKeychain, keyFilePath: keyFilePathFor(path) } })).toThrow(
        /Cannot encrypt the database .*database is locked.*another Baton .* has it open/,
      );
    } finally {
      other.close();
    }
    expect(readFileSync(path).subarray(0, 16).equals(before.subarray(0, 16))).toBe(true);
    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    expect(database.messages.listByConversation('c1')).toHaveLength(1);
    database.close();
  });
});

describe('a missing or wrong key', () => {
  function writeEncryptedDatabase(keychain: Keychain): Buffer {
    const database = openDatabase(path, { keySources: sources(keychain) });
    database.conversations.create({ title: marker });
    database.close();
    return readFileSync(path);
  }

  function refusal(keychain: Keychain): DatabaseKeyError {
    try {
      openDatabase(path, { keySources: sources(keychain) }).close();
    } catch (error) {
      expect(error).toBeInstanceOf(DatabaseKeyError);
      return error as DatabaseKeyError;
    }
    throw new Error('The database opened.');
  }

  it('is refused with a clear error, and the file is left byte for byte as it was', () => {
    const before = writeEncryptedDatabase(lockedKeychain);
    writeFileSync(keyFilePathFor(path), `${'cd'.repeat(32)}\n`, { mode: 0o600 });

    const error = refusal(lockedKeychain);
    expect(error).toMatchObject({ code: 'database-key', reason: 'wrong', databasePath: path });
    expect(error.message).toMatch(/database key is wrong.*start afresh.*kept aside/s);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('says "missing" when the keychain is there and has no key, and "cannot be reached" when there is none', () => {
    const keychain = memoryKeychain();
    writeEncryptedDatabase(keychain);
    keychain.secret = null;
    expect(refusal(keychain)).toMatchObject({ reason: 'missing' });
    const unreachable = refusal(lockedKeychain);
    expect(unreachable).toMatchObject({ reason: 'keychain-unreachable' });
    expect(unreachable.message).toMatch(/keychain cannot be reached here \(Platform failure: DBus error/);
    // No key was made for a database that has one somewhere.
    expect(existsSync(keyFilePathFor(path))).toBe(false);
    expect(keychain.secret).toBeNull();
  });

  it('can start afresh: the unreadable database is kept aside and a new one is made', () => {
    const before = writeEncryptedDatabase(lockedKeychain);
    rmSync(keyFilePathFor(path));

    const { database, asidePath } = startDatabaseAfresh(path, { keySources: sources(lockedKeychain) });
    expect(database.conversations.list()).toEqual([]);
    expect(database.encryption).toMatchObject({ keyStorage: 'file', noticeIsNew: true });
    database.close();
    expect(asidePath).toMatch(/baton\.sqlite\.unreadable-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    expect(readFileSync(asidePath!).equals(before)).toBe(true);
  });

  it('start afresh leaves a database that opens alone', () => {
    writeEncryptedDatabase(lockedKeychain);
    const { database, asidePath } = startDatabaseAfresh(path, { keySources: sources(lockedKeychain) });
    expect(asidePath).toBeNull();
    expect(database.conversations.list()).toHaveLength(1);
    database.close();
  });
});

describe('a damaged key file', () => {
  it('is refused with what to do, and nothing is changed', () => {
    const database = openDatabase(path, { keySources: sources(lockedKeychain) });
    database.close();
    const before = readFileSync(path);
    writeFileSync(keyFilePathFor(path), 'not a key\n', { mode: 0o600 });
    expect(() => openDatabase(path, { keySources: sources(lockedKeychain) })).toThrow(/key file .* is damaged.*start afresh/s);
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(readFileSync(keyFilePathFor(path), 'utf8')).toBe('not a key\n');
  });
});
