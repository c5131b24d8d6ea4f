import type { Connection } from './connection.js';

/**
 * Migration 3's tables: the documents dropped into a conversation, their chunks, a full-text
 * index over the chunks and the chunks' embeddings. Frozen like every migration (see
 * migrations.ts): a later change is a new migration. documents/retrieval/document-index.ts reads
 * and writes them.
 *
 * Deleting reaches everything by foreign keys (openDatabase switches them on): a conversation
 * takes its documents, a document its chunks (their text and privacy scan spans), a chunk its
 * vectors; the FTS5 table reads its text from document_chunks (external content, stored once)
 * and a trigger drops a chunk's index rows when the chunk goes, cascades included, with FTS5's
 * secure-delete on so that no term of a deleted chunk stays in the file.
 *
 * One file in one conversation is indexed once: (conversation, content hash) is unique, so
 * dropping the same bytes again finds the index there is.
 */
export function createDocumentTables(connection: Connection): void {
  connection.exec(`
    CREATE TABLE documents (
      id TEXT PRIMARY KEY,
      conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      title TEXT,
      page_count INTEGER,
      chunk_count INTEGER NOT NULL,
      -- SHA-256 of the file's bytes, hex.
      content_hash TEXT NOT NULL,
      byte_count INTEGER NOT NULL,
      added_at TEXT NOT NULL,
      UNIQUE (conversation_id, content_hash)
    );

    CREATE TABLE document_chunks (
      id INTEGER PRIMARY KEY,
      document_id TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
      position INTEGER NOT NULL,
      -- What the heading column of the full-text index reads: the section path as written in
      -- front of the text ("Methods > Data"), then the headings of sections starting inside it.
      heading TEXT NOT NULL,
      -- The section path as a JSON array, so a heading holding ' > ' reads back whole.
      headings TEXT NOT NULL,
      -- JSON array of the headings of sections that start inside the chunk (also in its body).
      inner_headings TEXT NOT NULL,
      body TEXT NOT NULL,
      -- JSON array of page numbers; empty for formats without pages.
      pages TEXT NOT NULL,
      line INTEGER,
      -- JSON array of the privacy scan's spans in the chunk's content (section path and body):
      -- each chunk is scanned once, when indexed, and the spans stay with it.
      spans TEXT NOT NULL,
      UNIQUE (document_id, position)
    );

    -- Porter stemming over unicode61 ("models", "modelling" and "model" meet), accents folded.
    CREATE VIRTUAL TABLE document_chunk_terms USING fts5 (
      heading, body,
      content = 'document_chunks', content_rowid = 'id',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );

    -- Deleting a chunk removes its terms from the index's pages at once; by default FTS5 only
    -- records the deletion and keeps the terms until segments merge, so a deleted document's
    -- words would stay in the file.
    INSERT INTO document_chunk_terms (document_chunk_terms, rank) VALUES ('secure-delete', 1);

    -- Embeddings of chunks' content, one per chunk and model; searched exactly (a question
    -- searches its conversation's documents only, which hold few chunks).
    CREATE TABLE document_chunk_vectors (
      chunk_id INTEGER NOT NULL REFERENCES document_chunks (id) ON DELETE CASCADE,
      model TEXT NOT NULL,
      -- Float32 values, little-endian, unit length.
      vector BLOB NOT NULL,
      PRIMARY KEY (chunk_id, model)
    );

    CREATE TRIGGER document_chunks_indexed AFTER INSERT ON document_chunks BEGIN
      INSERT INTO document_chunk_terms (rowid, heading, body) VALUES (new.id, new.heading, new.body);
    END;
    CREATE TRIGGER document_chunks_unindexed AFTER DELETE ON document_chunks BEGIN
      INSERT INTO document_chunk_terms (document_chunk_terms, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
    END;
  `);
}
