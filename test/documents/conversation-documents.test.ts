import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ConversationDocuments } from '../../electron/core/documents/conversation-documents.js';
import { contentHashOf } from '../../electron/core/documents/content-hash.js';
import { parseDocumentInProcess } from '../../electron/core/documents/parsing/parse-document-in-process.js';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { redactPayload } from '../../electron/core/privacy/payload-redaction.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import { SettingsVaultStore } from '../../electron/core/privacy/vault-store.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { BatonError } from '../../electron/shared/errors.js';

const analyzer = new Analyzer(createPatternRecognizers());
const notes = new TextEncoder().encode('# Visit\n\nThe nurse wrote to ann@example.com about the night shift.\n\nCard 4111 1111 1111 1111 paid for it.\n');

let database: BatonDatabase;
let vaults: SettingsVaultStore;
let documents: ConversationDocuments;
let conversationId: string;

beforeEach(() => {
  database = openDatabase(':memory:');
  vaults = new SettingsVaultStore(database.settings);
  documents = new ConversationDocuments({ index: new DocumentIndex(database.connection), analyzer, vaults, parse: parseDocumentInProcess });
  conversationId = database.conversations.create({ title: 'visit' }).id;
});
afterEach(() => database.close());

describe('documents of a conversation', () => {
  test('a file is indexed into its conversation and listed with its size; the same bytes again reuse the index', async () => {
    const progress: string[] = [];
    const first = await documents.add(conversationId, { name: 'visit.md', bytes: notes }, { onProgress: (step) => progress.push(step.stage === 'parsed' ? `parsed ${step.chunkCount}` : `scanned ${step.done}/${step.chunkCount}`) });
    expect(first).toEqual({
      reused: false,
      document: {
        id: expect.any(String),
        conversationId,
        name: 'visit.md',
        kind: 'markdown',
        title: 'Visit',
        contentHash: contentHashOf(notes),
        byteCount: notes.byteLength,
        chunkCount: 1,
        addedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
    expect(progress).toEqual(['parsed 1', 'scanned 1/1']);

    // Renamed, same bytes: the index there is.
    const again = await documents.add(conversationId, { name: 'copy of visit.md', bytes: notes });
    expect(again).toEqual({ reused: true, document: first.document });
    expect(documents.documents(conversationId).map((document) => document.id)).toEqual([first.document.id]);
    expect(database.connection.prepare('SELECT count(*) FROM document_chunks').pluck().get()).toBe(1);

    // Another conversation holds its own copy.
    const other = database.conversations.create({ title: 'other' }).id;
    const elsewhere = await documents.add(other, { name: 'visit.md', bytes: notes });
    expect(elsewhere.reused).toBe(false);
    expect(elsewhere.document.id).not.toBe(first.document.id);
  });

  test("each chunk's values get the conversation's placeholders, as a chat message's do, so the boundary redacts them in any payload", async () => {
    await documents.add(conversationId, { name: 'visit.md', bytes: notes });
    const vault = vaults.get(conversationId);
    expect(vault.values().sort()).toEqual(['4111 1111 1111 1111', 'ann@example.com']);
    // Stored: a fresh store (a restart) reads the same placeholders.
    const stored = new SettingsVaultStore(database.settings).get(conversationId);
    expect(stored.placeholderFor('ann@example.com', 'EMAIL')).toBe('⟦EMAIL_1⟧');
    expect(stored.placeholderFor('4111 1111 1111 1111', 'CREDIT_CARD')).toBe('⟦CREDIT_CARD_1⟧');

    // A prompt that quotes the chunk, where the analyzer alone finds nothing: the vault's values are still replaced.
    const blind = { analyze: async (text: string) => ({ ...(await analyzer.analyze(text)), spans: [] }) };
    const payload = await redactPayload([{ role: 'user', content: 'From the notes: ann@example.com paid with 4111 1111 1111 1111.' }], blind, vault);
    expect(payload.messages[0]?.content).toBe('From the notes: ⟦EMAIL_1⟧ paid with ⟦CREDIT_CARD_1⟧.');
  });

  test('removing a document removes its chunks and their full-text rows', async () => {
    const { document } = await documents.add(conversationId, { name: 'visit.md', bytes: notes });
    expect(documents.remove(document.id)).toBe(true);
    expect(documents.documents(conversationId)).toEqual([]);
    expect(database.connection.prepare('SELECT count(*) FROM document_chunks').pluck().get()).toBe(0);
    expect(database.connection.prepare("SELECT count(*) FROM document_chunk_terms WHERE document_chunk_terms MATCH 'nurse'").pluck().get()).toBe(0);
    expect(documents.remove(document.id)).toBe(false);
    // Dropped again after removal: indexed anew.
    expect((await documents.add(conversationId, { name: 'visit.md', bytes: notes })).reused).toBe(false);
  });

  test('a second document with an id already taken, or for a missing conversation, is refused with a clear error', async () => {
    const index = documents.index;
    const chunk = { position: 0, headings: [], innerHeadings: [], text: 'Some text.', pages: [] };
    index.addDocument({ id: 'doc', conversationId, name: 'a.txt', kind: 'text', contentHash: 'a', byteCount: 10 }, [chunk]);

    const refusal = (() => {
      try {
        index.addDocument({ id: 'doc', conversationId, name: 'b.txt', kind: 'text', contentHash: 'b', byteCount: 10 }, [chunk]);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(refusal).toBeInstanceOf(BatonError);
    expect(refusal).toMatchObject({ code: 'invalid-request', message: 'A document with the id "doc" is already indexed; remove it first or use another id.' });
    expect(() => index.addDocument({ id: 'doc2', conversationId, name: 'c.txt', kind: 'text', contentHash: 'a', byteCount: 10 }, [chunk])).toThrow(
      '"c.txt" has the same content as "a.txt", already indexed in this conversation as "doc".',
    );
    expect(() => index.addDocument({ id: 'doc3', conversationId: 'gone', name: 'd.txt', kind: 'text', contentHash: 'd', byteCount: 10 }, [chunk])).toThrow(
      'There is no conversation "gone" to add "d.txt" to.',
    );
    // Nothing of the refused ones was stored.
    expect(index.documents(conversationId).map((document) => document.name)).toEqual(['a.txt']);
    expect(index.chunks('doc').map((stored) => stored.text)).toEqual(['Some text.']);
  });
});
