/**
 * A document index on one SQLite connection: adds a document's chunks (one transaction, so a
 * document is indexed whole or not at all), reads them back, and removes a document with its
 * chunks, their full-text rows and their embeddings. Searching is keyword-search.ts's and
 * vector-search.ts's job.
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Span } from '../../../shared/privacy.js';
import type { Connection } from '../../storage/connection.js';
import { sectionPath, type DocumentChunk } from '../chunking/document-chunk.js';
import { createDocumentIndexSchema } from './document-index-schema.js';

export interface IndexedDocument {
  id: string;
  name: string;
  kind: string;
  title?: string;
  pageCount?: number;
}

export interface ChunkExtras {
  /** For each chunk, in order: what the privacy scan found in its content (chunkContent). */
  spans?: readonly (readonly Span[])[];
  /** For each chunk, in order: its content's embedding by `model`. */
  embeddings?: { model: string; vectors: readonly Float32Array[] };
}

export interface StoredChunk extends DocumentChunk {
  /** The chunk's row id: unique across the whole index. */
  id: number;
  documentId: string;
  /** What the privacy scan found in the chunk's content when it was indexed. */
  spans: Span[];
}

export interface ChunkRow {
  id: number;
  document_id: string;
  position: number;
  heading: string;
  headings: string;
  inner_headings: string;
  body: string;
  pages: string;
  line: number | null;
  spans: string;
}

export class DocumentIndex {
  private readonly insertDocument: Statement;
  private readonly insertChunk: Statement;
  private readonly deleteDocument: Statement;
  private readonly selectChunks: Statement<[string], ChunkRow>;
  private readonly selectChunk: Statement<[number], ChunkRow>;
  private readonly insertVector: Statement;
  private readonly countWithoutVectors: Statement<[{ model: string; documentIds: string }], number>;
  private readonly selectVectors: Statement<[string, string], { chunk_id: number; vector: Buffer }>;

  constructor(readonly connection: Connection) {
    createDocumentIndexSchema(connection);
    this.insertDocument = connection.prepare(
      'INSERT INTO documents (id, name, kind, title, page_count, chunk_count) VALUES (@id, @name, @kind, @title, @pageCount, @chunkCount)',
    );
    this.insertChunk = connection.prepare(
      'INSERT INTO document_chunks (document_id, position, heading, headings, inner_headings, body, pages, line, spans) VALUES (@documentId, @position, @heading, @headings, @innerHeadings, @body, @pages, @line, @spans)',
    );
    this.deleteDocument = connection.prepare('DELETE FROM documents WHERE id = ?');
    this.selectChunks = connection.prepare<[string], ChunkRow>('SELECT * FROM document_chunks WHERE document_id = ? ORDER BY position');
    this.selectChunk = connection.prepare<[number], ChunkRow>('SELECT * FROM document_chunks WHERE id = ?');
    this.insertVector = connection.prepare('INSERT OR REPLACE INTO document_chunk_vectors (chunk_id, model, vector) VALUES (?, ?, ?)');
    this.countWithoutVectors = connection
      .prepare<[{ model: string; documentIds: string }], number>(
        'SELECT count(*) FROM document_chunks c WHERE c.document_id IN (SELECT value FROM json_each(@documentIds)) AND NOT EXISTS (SELECT 1 FROM document_chunk_vectors v WHERE v.chunk_id = c.id AND v.model = @model)',
      )
      .pluck();
    this.selectVectors = connection.prepare<[string, string], { chunk_id: number; vector: Buffer }>(
      'SELECT v.chunk_id, v.vector FROM document_chunk_vectors v JOIN document_chunks c ON c.id = v.chunk_id WHERE v.model = ? AND c.document_id IN (SELECT value FROM json_each(?))',
    );
  }

  /**
   * Adds the document and its chunks, with (by chunk, in order) what the privacy scan found in
   * each chunk's content and, when a model embedded them, their vectors: all or nothing.
   */
  addDocument(document: IndexedDocument, chunks: readonly DocumentChunk[], extras: ChunkExtras = {}): void {
    this.connection.transaction(() => {
      this.insertDocument.run({ id: document.id, name: document.name, kind: document.kind, title: document.title ?? null, pageCount: document.pageCount ?? null, chunkCount: chunks.length });
      for (const [index, chunk] of chunks.entries()) {
        const { lastInsertRowid } = this.insertChunk.run({
          documentId: document.id,
          position: chunk.position,
          heading: [sectionPath(chunk.headings), ...chunk.innerHeadings].join('\n'),
          headings: JSON.stringify(chunk.headings),
          innerHeadings: JSON.stringify(chunk.innerHeadings),
          body: chunk.text,
          pages: JSON.stringify(chunk.pages),
          line: chunk.line ?? null,
          spans: JSON.stringify(extras.spans?.[index] ?? []),
        });
        const vector = extras.embeddings?.vectors[index];
        if (extras.embeddings && vector) this.insertVector.run(Number(lastInsertRowid), extras.embeddings.model, vectorBytes(vector));
      }
    })();
  }

  /** Stores `model`'s embedding of each chunk (by chunk id), replacing any it had. */
  addVectors(model: string, vectors: ReadonlyMap<number, Float32Array>): void {
    this.connection.transaction(() => {
      for (const [chunkId, vector] of vectors) this.insertVector.run(chunkId, model, vectorBytes(vector));
    })();
  }

  /** `model`'s embeddings of the documents' chunks, by chunk id. */
  vectors(model: string, documentIds: readonly string[]): Map<number, Float32Array> {
    const rows = this.selectVectors.all(model, JSON.stringify(documentIds));
    // Copied into an aligned buffer: a Float32Array needs an offset that is a multiple of 4.
    return new Map(rows.map((row) => [row.chunk_id, new Float32Array(new Uint8Array(row.vector).buffer)]));
  }

  /** How many of the documents' chunks have no embedding from `model`. */
  chunksWithoutVectors(model: string, documentIds: readonly string[]): number {
    return this.countWithoutVectors.get({ model, documentIds: JSON.stringify(documentIds) }) ?? 0;
  }

  /** Removes the document, its chunks, their full-text rows and their vectors; false when there was no such document. */
  removeDocument(documentId: string): boolean {
    return this.deleteDocument.run(documentId).changes > 0;
  }

  chunks(documentId: string): StoredChunk[] {
    return this.selectChunks.all(documentId).map(storedChunk);
  }

  chunk(id: number): StoredChunk | undefined {
    const row = this.selectChunk.get(id);
    return row ? storedChunk(row) : undefined;
  }
}

export function storedChunk(row: ChunkRow): StoredChunk {
  return {
    id: row.id,
    documentId: row.document_id,
    position: row.position,
    headings: JSON.parse(row.headings) as string[],
    innerHeadings: JSON.parse(row.inner_headings) as string[],
    text: row.body,
    pages: JSON.parse(row.pages) as number[],
    spans: JSON.parse(row.spans) as Span[],
    ...(row.line !== null ? { line: row.line } : {}),
  };
}

function vectorBytes(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}
