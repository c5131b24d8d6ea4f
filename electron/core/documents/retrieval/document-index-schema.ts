/**
 * The tables a document index keeps in SQLite: one row per document, its chunks, and an FTS5
 * index over the chunks' section paths and texts. The FTS5 table reads its text from
 * document_chunks (external content), so the text is stored once; triggers keep the two in step,
 * and a document's chunks go with it by ON DELETE CASCADE (foreign keys must be on, as
 * openDatabase sets them), which fires the triggers that drop their index rows.
 *
 * Chunk embeddings sit in their own table, keyed by model, and go with their chunk too.
 *
 * Porter stemming over unicode61 ("models", "modelling" and "model" meet), accents folded.
 * Created with IF NOT EXISTS so any connection can hold an index; wiring it into the app's
 * migrations comes with documents belonging to conversations.
 */
import type { Connection } from '../../storage/connection.js';

export function createDocumentIndexSchema(connection: Connection): void {
  connection.exec(`
    CREATE TABLE IF NOT EXISTS documents (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL,
      kind TEXT NOT NULL,
      title TEXT,
      page_count INTEGER,
      chunk_count INTEGER NOT NULL
    );

    CREATE TABLE IF NOT EXISTS document_chunks (
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

    CREATE VIRTUAL TABLE IF NOT EXISTS document_chunk_terms USING fts5 (
      heading, body,
      content = 'document_chunks', content_rowid = 'id',
      tokenize = 'porter unicode61 remove_diacritics 2'
    );

    -- Embeddings of chunks' content, one per chunk and model; searched exactly (a document's
    -- chunks are few, and a question searches its conversation's documents only).
    CREATE TABLE IF NOT EXISTS document_chunk_vectors (
      chunk_id INTEGER NOT NULL REFERENCES document_chunks (id) ON DELETE CASCADE,
      model TEXT NOT NULL,
      -- Float32 values, little-endian, unit length.
      vector BLOB NOT NULL,
      PRIMARY KEY (chunk_id, model)
    );

    CREATE TRIGGER IF NOT EXISTS document_chunks_indexed AFTER INSERT ON document_chunks BEGIN
      INSERT INTO document_chunk_terms (rowid, heading, body) VALUES (new.id, new.heading, new.body);
    END;
    CREATE TRIGGER IF NOT EXISTS document_chunks_unindexed AFTER DELETE ON document_chunks BEGIN
      INSERT INTO document_chunk_terms (document_chunk_terms, rowid, heading, body) VALUES ('delete', old.id, old.heading, old.body);
    END;
  `);
}
