import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { consentGrantsKey, SettingsConsentGrantStore } from '../../electron/core/privacy/consent-grant-store.js';
import { SettingsVaultStore, vaultKeyPrefix } from '../../electron/core/privacy/vault-store.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { steppingClock } from './stepping-clock.js';

let database: BatonDatabase;

beforeEach(() => {
  database = openDatabase(':memory:', { clock: steppingClock() });
});

afterEach(() => {
  database.close();
});

/** A conversation with one run, one subtask, its outcome, a vault entry, a consent grant and a document with an embedded chunk. */
function fullConversation(title: string) {
  const conversation = database.conversations.create({ title });
  const user = database.messages.append({ conversationId: conversation.id, role: 'user', content: `${title} question` });
  const assistant = database.messages.append({ conversationId: conversation.id, role: 'assistant', content: `${title} answer` });
  const run = database.runs.start({ conversationId: conversation.id, userMessageId: user.id, assistantMessageId: assistant.id });
  const subtask = database.subtasks.create({ runId: run.id, key: 's1', instruction: `${title} task`, kind: 'chat', difficulty: 2 });
  const outcome = database.outcomes.record({
    subtaskId: subtask.id, modelId: 'local:a', kind: 'chat', difficulty: 2, success: true,
    inputTokens: 1, outputTokens: 2, latencyMs: 3, costUsd: 0,
  });
  const vaults = new SettingsVaultStore(database.settings);
  const vault = vaults.get(conversation.id);
  vault.placeholderFor(`${title}@example.com`, 'EMAIL');
  vaults.save(conversation.id, vault);
  new SettingsConsentGrantStore(database.settings).add(conversation.id, 'anthropic');
  const documents = new DocumentIndex(database.connection);
  documents.addDocument(
    { id: `${title}-document`, conversationId: conversation.id, name: `${title}.txt`, kind: 'text', contentHash: `${title}-hash`, byteCount: 40 },
    [{ position: 0, headings: [], innerHeadings: [], text: `${title} passage about ${title}@example.com`, pages: [] }],
    { spans: [[{ type: 'EMAIL', start: 22, end: 22 + `${title}@example.com`.length, score: 1, source: 'email' }]], embeddings: { model: 'embed', vectors: [new Float32Array([1, 0])] } },
  );
  return { conversation, run, subtask, outcome };
}

describe('deleting a conversation', () => {
  it('removes its messages, runs, subtasks, outcomes, vault and consent grants, and nothing of another', () => {
    const gone = fullConversation('gone');
    const kept = fullConversation('kept');
    database.settings.set('defaultModel', 'local:a');

    expect(database.conversations.delete(gone.conversation.id)).toBe(true);

    expect(database.conversations.list().map((conversation) => conversation.id)).toEqual([kept.conversation.id]);
    expect(database.messages.listByConversation(gone.conversation.id)).toEqual([]);
    expect(database.runs.listByConversation(gone.conversation.id)).toEqual([]);
    expect(database.subtasks.listByRun(gone.run.id)).toEqual([]);
    expect(database.outcomes.list()).toEqual([kept.outcome]);
    expect(Object.keys(database.settings.all())).toEqual([consentGrantsKey, 'defaultModel', vaultKeyPrefix + kept.conversation.id]);
    expect(database.settings.get(consentGrantsKey)).toEqual({ [kept.conversation.id]: ['anthropic'] });
    // A fresh store reads what is stored: the deleted conversation's vault is empty, the other's intact.
    const vaults = new SettingsVaultStore(database.settings);
    expect(vaults.get(gone.conversation.id).values()).toEqual([]);
    expect(vaults.get(kept.conversation.id).values()).toEqual(['kept@example.com']);
    const grants = new SettingsConsentGrantStore(database.settings);
    expect(grants.has(gone.conversation.id, 'anthropic')).toBe(false);
    expect(grants.has(kept.conversation.id, 'anthropic')).toBe(true);
    // Its document, the chunk's text and scan spans, the chunk's full-text rows and its vector.
    const documents = new DocumentIndex(database.connection);
    expect(documents.documents(gone.conversation.id)).toEqual([]);
    expect(documents.documents(kept.conversation.id).map((document) => document.id)).toEqual(['kept-document']);
    const count = (sql: string) => database.connection.prepare(sql).pluck().get();
    expect(count("SELECT group_concat(body) FROM document_chunks")).toBe('kept passage about kept@example.com');
    expect(count("SELECT count(*) FROM document_chunk_terms WHERE document_chunk_terms MATCH 'gone'")).toBe(0);
    expect(count("SELECT count(*) FROM document_chunk_terms WHERE document_chunk_terms MATCH 'kept'")).toBe(1);
    expect(count('SELECT count(*) FROM document_chunk_vectors')).toBe(1);
    expect(() => database.connection.exec("INSERT INTO document_chunk_terms (document_chunk_terms) VALUES ('integrity-check')")).not.toThrow();
  });

  it('removes what a conversation left in settings even when the conversation row is already gone', () => {
    database.settings.set(vaultKeyPrefix + 'orphan', { entries: [] });
    database.settings.set(consentGrantsKey, { orphan: ['openai'], other: ['anthropic'] });

    expect(database.conversations.delete('orphan')).toBe(false);

    expect(database.settings.all()).toEqual({ [consentGrantsKey]: { other: ['anthropic'] } });
  });

  it('drops unreadable consent grants, which count as none anyway', () => {
    const { conversation } = fullConversation('damaged');
    database.connection.prepare("UPDATE settings SET value = '{not json' WHERE key = ?").run(consentGrantsKey);

    expect(database.conversations.delete(conversation.id)).toBe(true);

    expect(database.settings.get(consentGrantsKey)).toBeUndefined();
  });

  it('leaves nothing behind when one of its statements fails', () => {
    const { conversation, outcome } = fullConversation('atomic');
    database.connection.exec(`
      CREATE TRIGGER refuse_conversation_delete BEFORE DELETE ON conversations
      BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;
    `);

    expect(() => database.conversations.delete(conversation.id)).toThrow('refused by the test');

    // The outcome and settings statements ran before the refused one: all rolled back together.
    expect(database.outcomes.list()).toEqual([outcome]);
    expect(new SettingsVaultStore(database.settings).get(conversation.id).values()).toEqual(['atomic@example.com']);
    expect(database.settings.get(consentGrantsKey)).toEqual({ [conversation.id]: ['anthropic'] });
    expect(database.messages.listByConversation(conversation.id)).toHaveLength(2);
  });
});

describe('deleting all data', () => {
  it('removes every conversation, outcome, vault and grant and keeps the preferences', () => {
    fullConversation('first');
    fullConversation('second');
    database.outcomes.record({ modelId: 'local:b', kind: 'code', difficulty: 1, success: false, inputTokens: 0, outputTokens: 0, latencyMs: 0, costUsd: 0 });
    database.settings.set('defaultModel', 'local:a');
    // Stays: only keys that start with the vault prefix are vaults.
    database.settings.set('notAprivacyVault:x', 1);

    expect(database.deleteAllData()).toEqual({ logEmptied: true });

    expect(database.conversations.list()).toEqual([]);
    expect(database.connection.prepare('SELECT COUNT(*) FROM messages').pluck().get()).toBe(0);
    expect(database.connection.prepare('SELECT COUNT(*) FROM runs').pluck().get()).toBe(0);
    expect(database.connection.prepare('SELECT COUNT(*) FROM subtasks').pluck().get()).toBe(0);
    for (const table of ['documents', 'document_chunks', 'document_chunk_vectors']) {
      expect(database.connection.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get()).toBe(0);
    }
    expect(database.connection.prepare("SELECT COUNT(*) FROM document_chunk_terms WHERE document_chunk_terms MATCH 'passage'").pluck().get()).toBe(0);
    expect(database.outcomes.list()).toEqual([]);
    expect(database.settings.all()).toEqual({ defaultModel: 'local:a', 'notAprivacyVault:x': 1 });
  });
});
