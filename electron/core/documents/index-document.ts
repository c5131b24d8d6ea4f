/**
 * Indexing one file: parse it (in a worker, with its limits), cut it into chunks, scan each
 * chunk's content for private data once, embed the chunks when an embedding model is set up,
 * and store the chunks with what the scan found (and their vectors) in the document index, in
 * one transaction. Cancelling stops it between steps and between chunks;
 * nothing is stored for a cancelled or failed file.
 */
import { BatonError } from '../../shared/errors.js';
import type { Span } from '../../shared/privacy.js';
import { chunkContent } from './chunking/document-chunk.js';
import { chunkDocument, type ChunkingOptions } from './chunking/chunk-document.js';
import { contentHashOf } from './content-hash.js';
import { throwIfAborted } from './parsing/document-errors.js';
import { parseDocument } from './parsing/parse-document.js';
import type { ParsedDocument, ParseOptions } from './parsing/parsed-document.js';
import type { TextEmbedder } from './embedding/text-embedder.js';
import type { DocumentIndex } from './retrieval/document-index.js';

export interface IndexDocumentOptions extends ParseOptions, ChunkingOptions {
  index: DocumentIndex;
  /** The privacy scan of one chunk's content (the analyzer's spans). */
  scan: (text: string) => Promise<Span[]>;
  /** When set, each chunk's content is embedded too, for vector search. */
  embedder?: TextEmbedder;
  /** Told after the file is read and after each chunk is scanned, for a progress display. */
  onProgress?: (progress: IndexingProgress) => void;
  /** Reads the file; by default parseDocument, in a worker. */
  parse?: (bytes: Uint8Array, name: string, options: ParseOptions) => Promise<ParsedDocument>;
}

export type IndexingProgress = { stage: 'parsed'; chunkCount: number; pageCount?: number } | { stage: 'scanned'; done: number; chunkCount: number };

export interface IndexedDocumentSummary {
  id: string;
  document: ParsedDocument;
  chunkCount: number;
}

/** Where an indexed file goes: its id, and the conversation it belongs to. */
export interface DocumentPlace {
  id: string;
  conversationId: string;
}

export async function indexDocument(place: DocumentPlace, bytes: Uint8Array, name: string, options: IndexDocumentOptions): Promise<IndexedDocumentSummary> {
  const { id, conversationId } = place;
  const parse = options.parse ?? parseDocument;
  const document = await parse(bytes, name, { ...(options.signal ? { signal: options.signal } : {}), ...(options.limits ? { limits: options.limits } : {}) });
  const chunks = chunkDocument(document, options);
  options.onProgress?.({ stage: 'parsed', chunkCount: chunks.length, ...(document.pageCount !== undefined ? { pageCount: document.pageCount } : {}) });
  const spans: Span[][] = [];
  for (const chunk of chunks) {
    throwIfAborted(options.signal, name);
    spans.push(await options.scan(chunkContent(chunk)));
    options.onProgress?.({ stage: 'scanned', done: spans.length, chunkCount: chunks.length });
  }
  const vectors = options.embedder ? await embeddingsOrNone(options.embedder, chunks.map(chunkContent), options.signal) : undefined;
  throwIfAborted(options.signal, name);
  options.index.addDocument(
    {
      id,
      conversationId,
      name,
      kind: document.kind,
      ...(document.title ? { title: document.title } : {}),
      ...(document.pageCount !== undefined ? { pageCount: document.pageCount } : {}),
      contentHash: contentHashOf(bytes),
      byteCount: bytes.byteLength,
    },
    chunks,
    { spans, ...(options.embedder && vectors ? { embeddings: { model: options.embedder.id, vectors } } : {}) },
  );
  return { id, document, chunkCount: chunks.length };
}

/**
 * The passages' vectors; none when the embedding model fails (a damaged or incomplete folder):
 * the document is still indexed for keyword search, and every question about it says that its
 * passages have no embedding yet. A cancel is still a cancel.
 */
async function embeddingsOrNone(embedder: TextEmbedder, texts: string[], signal: AbortSignal | undefined): Promise<Float32Array[] | undefined> {
  try {
    return await embedder.embedDocuments(texts, signal);
  } catch (error) {
    if (signal?.aborted || (error instanceof BatonError && error.code === 'aborted')) throw error;
    return undefined;
  }
}

