/**
 * Vector retrieval: the question's embedding against the stored embeddings of the given
 * documents' chunks, exactly (a dot product each: the vectors are unit length). A question
 * searches its conversation's documents, a few thousand chunks at most, which an exact scan
 * handles in milliseconds; an approximate index (sqlite-vec) would only matter far beyond that.
 */
import type { TextEmbedder } from '../embedding/text-embedder.js';
import type { DocumentIndex } from './document-index.js';
import type { RetrievedChunk } from './keyword-search.js';

export class VectorSearch {
  constructor(
    private readonly index: DocumentIndex,
    private readonly embedder: TextEmbedder,
  ) {}

  async search(question: string, documentIds: readonly string[], limit: number, signal?: AbortSignal): Promise<RetrievedChunk[]> {
    if (documentIds.length === 0 || limit <= 0) return [];
    const query = await this.embedder.embedQuery(question, signal);
    const scored = [...this.index.vectors(this.embedder.id, documentIds)].map(([chunkId, vector]) => ({ chunkId, score: dot(query, vector) }));
    scored.sort((a, b) => b.score - a.score || a.chunkId - b.chunkId);
    return scored.slice(0, limit).flatMap(({ chunkId, score }) => {
      const chunk = this.index.chunk(chunkId);
      return chunk ? [{ ...chunk, score }] : [];
    });
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) sum += (a[index] ?? 0) * (b[index] ?? 0);
  return sum;
}
