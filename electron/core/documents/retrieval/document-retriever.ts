/**
 * The one entry point a question uses: keyword search alone when no embedding model is set up,
 * or keyword and vector search fused by reciprocal rank when one is. Which of the two ran is in
 * the result, with a sentence for the person when it fell back to keywords, so "answered from
 * keyword search only" is never a silent downgrade.
 */
import type { TextEmbedder } from '../embedding/text-embedder.js';
import type { DocumentIndex } from './document-index.js';
import { KeywordSearch, type RetrievedChunk } from './keyword-search.js';
import { fuseRankings } from './rank-fusion.js';
import { VectorSearch } from './vector-search.js';

export type RetrievalMode = 'keyword' | 'fused';

export interface RetrievalResult {
  mode: RetrievalMode;
  chunks: RetrievedChunk[];
  /** Why the search used keywords alone, when it did. */
  notice?: string;
}

/** How deep each ranking goes before fusion: far enough that a chunk one method ranks low still counts. */
const fusionDepth = 50;

export const keywordOnlyNotice = 'No embedding model is set up: the documents were searched by keyword alone.';

export class DocumentRetriever {
  private readonly keyword: KeywordSearch;
  private readonly vector: VectorSearch | undefined;

  constructor(
    private readonly index: DocumentIndex,
    private readonly embedder?: TextEmbedder,
  ) {
    this.keyword = new KeywordSearch(index.connection);
    this.vector = embedder ? new VectorSearch(index, embedder) : undefined;
  }

  async retrieve(question: string, documentIds: readonly string[], limit: number, signal?: AbortSignal): Promise<RetrievalResult> {
    if (!this.vector || !this.embedder) return { mode: 'keyword', chunks: this.keyword.search(question, documentIds, limit), notice: keywordOnlyNotice };
    const missing = this.index.chunksWithoutVectors(this.embedder.id, documentIds);
    if (missing > 0) {
      return {
        mode: 'keyword',
        chunks: this.keyword.search(question, documentIds, limit),
        notice: `${missing} ${missing === 1 ? 'passage has' : 'passages have'} no embedding from ${this.embedder.id} yet: the documents were searched by keyword alone.`,
      };
    }
    const keyword = this.keyword.search(question, documentIds, fusionDepth);
    const vector = await this.vector.search(question, documentIds, fusionDepth, signal);
    return { mode: 'fused', chunks: fuseRankings([keyword, vector], limit) };
  }
}
