/**
 * The documents of a conversation: adding a file indexes it into that conversation (parsed,
 * chunked, each chunk scanned once by the privacy shield, stored), unless the conversation already
 * holds the same bytes, whose index is then reused; listing; removing.
 *
 * What the scan finds in a chunk goes into the conversation's privacy vault, the one the cloud
 * boundary redacts chat messages with: each value gets its placeholder there, once, the way a
 * chat message's values do. The boundary then replaces every vault value wherever it appears in
 * a payload, and its final check refuses a payload that still holds one, so a value found in a
 * chunk cannot leave with that chunk even where a scan of the whole prompt would miss it. There
 * is no second redaction path for documents.
 */
import { randomUUID } from 'node:crypto';
import { BatonError } from '../../shared/errors.js';
import type { TextAnalyzer } from '../privacy/payload-redaction.js';
import type { VaultStore } from '../privacy/vault-store.js';
import { chunkContent } from './chunking/document-chunk.js';
import type { ChunkingOptions } from './chunking/chunk-document.js';
import { contentHashOf } from './content-hash.js';
import type { TextEmbedder } from './embedding/text-embedder.js';
import { indexDocument, type IndexDocumentOptions, type IndexingProgress } from './index-document.js';
import type { ParseOptions } from './parsing/parsed-document.js';
import type { DocumentIndex, StoredDocument } from './retrieval/document-index.js';
import { DocumentRetriever } from './retrieval/document-retriever.js';

export interface ConversationDocumentsOptions {
  index: DocumentIndex;
  /** The privacy shield's analyzer: the one the cloud boundary uses. */
  analyzer: TextAnalyzer;
  /** The vaults the cloud boundary uses (the same instance: it keeps loaded vaults in memory). */
  vaults: VaultStore;
  embedder?: TextEmbedder;
  /** Tests replace the worker parse, as indexDocument allows. */
  parse?: IndexDocumentOptions['parse'];
  chunking?: ChunkingOptions;
}

export interface DocumentFile {
  name: string;
  bytes: Uint8Array;
}

export interface AddDocumentOptions extends ParseOptions {
  onProgress?: (progress: IndexingProgress) => void;
}

export interface AddedDocument {
  document: StoredDocument;
  /** True when the conversation already held the same bytes and their index was used. */
  reused: boolean;
}

export class ConversationDocuments {
  constructor(private readonly options: ConversationDocumentsOptions) {}

  get index(): DocumentIndex {
    return this.options.index;
  }

  /** Keyword search, fused with vector search when an embedding model is installed. */
  get retriever(): DocumentRetriever {
    return new DocumentRetriever(this.options.index, this.options.embedder);
  }

  /** The embedding model's, once loaded. */
  async dispose(): Promise<void> {
    await this.options.embedder?.dispose();
  }

  async add(conversationId: string, file: DocumentFile, options: AddDocumentOptions = {}): Promise<AddedDocument> {
    const { index } = this.options;
    const contentHash = contentHashOf(file.bytes);
    const existing = index.documentWithContent(conversationId, contentHash);
    if (existing) return { document: existing, reused: true };

    const id = randomUUID();
    try {
      await indexDocument({ id, conversationId }, file.bytes, file.name, {
        ...this.options.chunking,
        index,
        scan: async (text) => (await this.options.analyzer.analyze(text)).spans,
        ...(this.options.embedder ? { embedder: this.options.embedder } : {}),
        ...(this.options.parse ? { parse: this.options.parse } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.limits ? { limits: options.limits } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      });
    } catch (error) {
      // The same file dropped twice at once: the first one stored is the index both use.
      const stored = index.documentWithContent(conversationId, contentHash);
      if (stored && error instanceof BatonError && error.code === 'invalid-request') return { document: stored, reused: true };
      throw error;
    }
    this.protect(conversationId, id);
    return { document: index.document(id)!, reused: false };
  }

  documents(conversationId: string): StoredDocument[] {
    return this.options.index.documents(conversationId);
  }

  /** Removes the document with its chunks, their full-text rows and vectors. Its values stay in the vault, which chat messages may share. */
  remove(documentId: string): boolean {
    return this.options.index.removeDocument(documentId);
  }

  /** The chunk's values become placeholders of the conversation's vault (see the opening comment). */
  private protect(conversationId: string, documentId: string): void {
    const { vaults } = this.options;
    const vault = vaults.get(conversationId);
    const before = vault.revision;
    for (const chunk of this.options.index.chunks(documentId)) {
      if (chunk.spans.length > 0) vault.redact(chunkContent(chunk), chunk.spans);
    }
    if (vault.revision !== before) vaults.save(conversationId, vault);
  }
}
