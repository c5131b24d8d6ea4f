/**
 * The documents of Baton's database (tables made by migration 3, storage/document-tables.ts):
 * adds a document with its chunks (one transaction, so a document is indexed whole or not at
 * all), lists a conversation's documents, finds one by its content hash, reads chunks back, and
 * removes a document with its chunks, their full-text rows and their embeddings. Searching is
 * keyword-search.ts's and vector-search.ts's job.
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { ConversationDocument } from '../../../shared/domain.js';
import { BatonError } from '../../../shared/errors.js';
import type { Span } from '../../../shared/privacy.js';
import type { Connection } from '../../storage/connection.js';
import { sectionPath, type DocumentChunk } from '../chunking/document-chunk.js';

/** A document to index: what is known before its chunks are stored. */
export type IndexedDocument = Omit<ConversationDocument, 'chunkCount' | 'addedAt'>;

/** A document as stored: what was indexed, its chunk count and when it was added (ISO 8601, UTC). */
export type StoredDocument = ConversationDocument;

interface DocumentRow {
  id: string;
  conversation_id: string;
  name: string;
  kind: string;
  title: string | null;
  page_count: number | null;
  chunk_count: number;
  content_hash: string;
  byte_count: number;
  added_at: string;
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
  private readonly selectDocument: Statement<[string], DocumentRow>;
  private readonly selectDocumentByHash: Statement<[string, string], DocumentRow>;
  private readonly selectDocuments: Statement<[string], DocumentRow>;
  private readonly conversationExists: Statement<[string], number>;
  private readonly insertChunk: Statement;
  private readonly deleteDocument: Statement;
  private readonly selectChunks: Statement<[string], ChunkRow>;
  private readonly selectChunk: Statement<[number], ChunkRow>;
  private readonly insertVector: Statement;
  private readonly countWithoutVectors: Statement<[{ model: string; documentIds: string }], number>;
  private readonly selectVectors: Statement<[string, string], { chunk_id: number; vector: Buffer }>;

  /** A connection to a database migrated by openDatabase (foreign keys on, so deleting cascades). */
  constructor(readonly connection: Connection) {
    this.insertDocument = connection.prepare(
      `INSERT INTO documents (id, conversation_id, name, kind, title, page_count, chunk_count, content_hash, byte_count, added_at)
       VALUES (@id, @conversationId, @name, @kind, @title, @pageCount, @chunkCount, @contentHash, @byteCount, @addedAt)`,
    );
    this.selectDocument = connection.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE id = ?');
    this.selectDocumentByHash = connection.prepare<[string, string], DocumentRow>('SELECT * FROM documents WHERE conversation_id = ? AND content_hash = ?');
    // rowid: the order they were added in.
    this.selectDocuments = connection.prepare<[string], DocumentRow>('SELECT * FROM documents WHERE conversation_id = ? ORDER BY rowid');
    this.conversationExists = connection.prepare<[string], number>('SELECT 1 FROM conversations WHERE id = ?').pluck();
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
   * each chunk's content and, when a model embedded them, their vectors: all or nothing. An id
   * already taken, or the same content already in the conversation, is refused with a
   * BatonError that says so (never a bare constraint error).
   */
  addDocument(document: IndexedDocument, chunks: readonly DocumentChunk[], extras: ChunkExtras = {}): void {
    this.connection.transaction(() => {
      if (!this.conversationExists.get(document.conversationId)) {
        throw new BatonError('invalid-request', `There is no conversation "${document.conversationId}" to add "${document.name}" to.`);
      }
      if (this.selectDocument.get(document.id)) {
        throw new BatonError('invalid-request', `A document with the id "${document.id}" is already indexed; remove it first or use another id.`);
      }
      const same = this.selectDocumentByHash.get(document.conversationId, document.contentHash);
      if (same) {
        throw new BatonError('invalid-request', `"${document.name}" has the same content as "${same.name}", already indexed in this conversation as "${same.id}".`);
      }
      this.insertDocument.run({
        id: document.id,
        conversationId: document.conversationId,
        name: document.name,
        kind: document.kind,
        title: document.title ?? null,
        pageCount: document.pageCount ?? null,
        chunkCount: chunks.length,
        contentHash: document.contentHash,
        byteCount: document.byteCount,
        addedAt: new Date().toISOString(),
      });
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

  document(id: string): StoredDocument | undefined {
    const row = this.selectDocument.get(id);
    return row ? storedDocument(row) : undefined;
  }

  /** The conversation's document with these bytes (by SHA-256), if it has one. */
  documentWithContent(conversationId: string, contentHash: string): StoredDocument | undefined {
    const row = this.selectDocumentByHash.get(conversationId, contentHash);
    return row ? storedDocument(row) : undefined;
  }

  /** The conversation's documents, in the order they were added. */
  documents(conversationId: string): StoredDocument[] {
    return this.selectDocuments.all(conversationId).map(storedDocument);
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

function storedDocument(row: DocumentRow): StoredDocument {
  return {
    id: row.id,
    conversationId: row.conversation_id,
    name: row.name,
    kind: row.kind,
    ...(row.title !== null ? { title: row.title } : {}),
    ...(row.page_count !== null ? { pageCount: row.page_count } : {}),
    contentHash: row.content_hash,
    byteCount: row.byte_count,
    chunkCount: row.chunk_count,
    addedAt: row.added_at,
  };
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
