import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { SettingsConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { SettingsVaultStore } from '../../electron/core/privacy/vault-store.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { migrate } from '../../electron/core/storage/migrations.js';
import { checkpointWaitMs, ensureIncrementalAutoVacuum } from '../../electron/core/storage/space-reclamation.js';
import { decryptedBytes, openWithKey } from './encrypted-files.js';

/**
 * Reads the bytes SQLite left on disk. Someone with a copy of the data folder sees no text at all
 * (the database is encrypted); someone who also has the key decrypts every page, free ones
 * included: a deleted conversation's text must be in neither the database file nor its
 * write-ahead log even then.
 */

let folder: string;
let path: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'baton-erasure-'));
  // In a data folder of its own: the key file goes beside it, inside the temporary folder.
  path = join(folder, 'data', 'baton.db');
});

afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** One distinctive text per place a conversation leaves text in. */
const markers = {
  title: 'Quokkafjord title',
  message: 'Quokkafjord message from the person',
  answer: 'Quokkafjord answer streamed back',
  vaultOriginal: 'quokkafjord.private@example.com',
  subtaskInstruction: 'Quokkafjord subtask instruction',
  subtaskResult: 'Quokkafjord subtask result',
  runError: 'Quokkafjord run error',
  outcomeModel: 'local:quokkafjord-outcome-model',
  documentName: 'Quokkafjord document.pdf',
  documentPassage: 'Quokkafjord passage of the document',
  // The full-text index keeps terms folded to lower case, each term once: this one is only in the passage.
  documentTerm: 'zyxquokkaterm',
};

/** The files as they are on disk, encrypted. */
function rawBytesOnDisk(): { database: Buffer; log: Buffer } {
  const logPath = `${path}-wal`;
  return { database: readFileSync(path), log: existsSync(logPath) ? readFileSync(logPath) : Buffer.alloc(0) };
}

/** The files with every page decrypted by the key. */
function bytesOnDisk(): { database: Buffer; log: Buffer } {
  return decryptedBytes(path);
}

/** The markers found in the database file and the log, together, decrypted with the key. */
function markersOnDisk(): string[] {
  const { database, log } = bytesOnDisk();
  return Object.values(markers).filter((marker) => database.includes(marker) || log.includes(marker));
}

/** The markers found in the raw bytes: what a copied data folder reveals without the key. */
function markersInRawBytes(): string[] {
  const { database, log } = rawBytesOnDisk();
  return Object.values(markers).filter((marker) => database.includes(marker) || log.includes(marker));
}

function writeConversation(database: BatonDatabase): string {
  const conversation = database.conversations.create({ title: markers.title });
  const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: markers.message });
  const assistant = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: markers.answer });
  const run = database.runs.start({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
  const subtask = database.subtasks.create({ runId: run.id, key: 's1', instruction: markers.subtaskInstruction, kind: 'chat', difficulty: 2 });
  database.subtasks.update(subtask.id, { status: 'finished', result: markers.subtaskResult });
  database.runs.finish(run.id, { status: 'failed', inputTokens: 1, outputTokens: 2, costUsd: 0, error: { name: 'Error', message: markers.runError, code: 'server-error', retryable: false } });
  database.outcomes.record({
    subtaskId: subtask.id, modelId: markers.outcomeModel, kind: 'chat', difficulty: 2, success: true,
    inputTokens: 1, outputTokens: 2, latencyMs: 3, costUsd: 0,
  });
  const vaults = new SettingsVaultStore(database.settings);
  const vault = vaults.get(conversation.id);
  vault.placeholderFor(markers.vaultOriginal, 'EMAIL');
  vaults.save(conversation.id, vault);
  new SettingsConsentGrantStore(database.settings).add(conversation.id, 'anthropic');
  new DocumentIndex(database.connection).addDocument(
    { id: `document-${conversation.id}`, conversationId: conversation.id, name: markers.documentName, kind: 'pdf', contentHash: conversation.id, byteCount: 10 },
    [{ position: 0, headings: [], innerHeadings: [], text: `${markers.documentPassage} ${markers.documentTerm}`, pages: [1] }],
  );
  return conversation.id;
}

describe('the database on disk', () => {
  it('shows no text without the key, in the file or its log, while open and after closing', () => {
    const database = openDatabase(path);
    writeConversation(database);
    expect(rawBytesOnDisk().log.length).toBeGreaterThan(0);
    expect(markersInRawBytes()).toEqual([]);
    // The control: with the key, every marker is there (in the file or the log).
    expect(markersOnDisk()).toEqual(Object.values(markers));
    expect(rawBytesOnDisk().database.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');

    database.connection.pragma('wal_checkpoint(TRUNCATE)');
    expect(markersInRawBytes()).toEqual([]);
    database.close();
    expect(markersInRawBytes()).toEqual([]);
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});

describe('a deleted conversation on disk', () => {
  it('is in the file or its log before deletion, and in neither afterwards, while open and after closing', () => {
    const database = openDatabase(path);
    const id = writeConversation(database);
    const kept = database.conversations.create({ title: 'Kept conversation' });
    database.messages.append({ conversationId: kept.id, role: 'user', content: 'Kept message' });

    // The control: every marker is readable in the raw bytes, so their absence below means something.
    expect(markersOnDisk()).toEqual(Object.values(markers));

    expect(database.conversations.delete(id)).toBe(true);

    expect(markersOnDisk()).toEqual([]);
    expect(bytesOnDisk().log.length).toBe(0);
    expect(bytesOnDisk().database.includes('Kept message')).toBe(true);

    database.close();
    expect(markersOnDisk()).toEqual([]);
    expect(bytesOnDisk().database.includes('Kept message')).toBe(true);
  });

  it('is gone after "delete all data" too, and the file shrinks back', () => {
    const database = openDatabase(path);
    database.connection.pragma('wal_checkpoint(TRUNCATE)');
    const emptySize = statSync(path).size;
    for (let index = 0; index < 50; index += 1) writeConversation(database);
    database.connection.pragma('wal_checkpoint(TRUNCATE)');
    const fullSize = statSync(path).size;
    expect(markersOnDisk()).toEqual(Object.values(markers));

    expect(database.deleteAllData()).toEqual({ logEmptied: true });

    expect(markersOnDisk()).toEqual([]);
    expect(fullSize).toBeGreaterThan(emptySize);
    expect(statSync(path).size).toBe(emptySize);
    database.close();
  });

  it('stays in the log while another connection reads, and leaves it at the next checkpoint', () => {
    const database = openDatabase(path);
    const id = writeConversation(database);
    const reader = openWithKey(path, { readonly: true });
    reader.exec('BEGIN');
    reader.prepare('SELECT COUNT(*) FROM messages').get();
    // The checkpoint waits for the reader briefly (checkpointWaitMs), not the connection's 5 s busy timeout.
    const started = Date.now();
    expect(database.deleteAllData()).toEqual({ logEmptied: false });
    expect(Date.now() - started).toBeLessThan(checkpointWaitMs + 1500);
    expect(database.connection.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(bytesOnDisk().log.includes(markers.message)).toBe(true);

    reader.exec('COMMIT');
    reader.close();
    expect(database.deleteAllData()).toEqual({ logEmptied: true });
    expect(markersOnDisk()).toEqual([]);
    expect(database.conversations.get(id)).toBeUndefined();
    database.close();
  });
});

describe('incremental auto-vacuum', () => {
  it('is set on a new database before its tables exist, so no rebuild is needed', () => {
    const connection = new Database(join(folder, 'plain.db'));

    expect(ensureIncrementalAutoVacuum(connection)).toBe(false);
    migrate(connection);
    expect(connection.pragma('auto_vacuum', { simple: true })).toBe(2);
    connection.close();
  });

  it('rebuilds a database made before it once on open, which also clears text an earlier deletion left in free pages', () => {
    mkdirSync(join(folder, 'data'));
    const old = new Database(path);
    old.pragma('journal_mode = WAL');
    migrate(old);
    old.prepare("INSERT INTO conversations (id, title, created_at, updated_at) VALUES ('old', ?, 't', 't')").run(markers.title);
    old.prepare("DELETE FROM conversations WHERE id = 'old'").run();
    old.close();
    expect(readFileSync(path).includes(markers.title)).toBe(true);

    const database = openDatabase(path);

    expect(database.connection.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(database.connection.pragma('secure_delete', { simple: true })).toBe(1);
    expect(markersOnDisk()).toEqual([]);
    expect(ensureIncrementalAutoVacuum(database.connection)).toBe(false);
    database.close();
  });
});
