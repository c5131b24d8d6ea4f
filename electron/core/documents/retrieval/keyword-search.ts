/**
 * Keyword retrieval over a document index: FTS5's BM25 with the section path as its own,
 * heavier column (a question about "the data set" should find the chunks under "Datasets"),
 * then each chunk's score raised by a share of its better neighbour's, since a passage that
 * answers a question usually sits among text on the same subject. The neighbours only rank: no
 * text of theirs is added to a chunk. Only the given documents are searched.
 *
 * Chosen by measurement on the documents bench (QASPER papers, recall@5 of the answering
 * paragraph): porter stemming 0.760 against 0.704 without; the heading column at weight 2
 * against 1, 0.760 against 0.746; neighbour scores leave recall@5 as it is but lift recall@1
 * from 0.265 to 0.284. IDF comes from the whole index (every indexed document), which ranked
 * better than IDF from the searched paper alone (0.711 against 0.692). Tried and left out, as
 * each lowered recall@5: pseudo-relevance feedback (0.68-0.70), a bonus for the question's
 * word pairs as phrases (0.752), for the best single paragraph's own score (0.743-0.752), for
 * covering more of the question's words (0.755), and overlapping chunks (0.740-0.749).
 */
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Connection } from '../../storage/connection.js';
import { storedChunk, type ChunkRow, type StoredChunk } from './document-index.js';
import { matchExpression, queryTerms } from './keyword-query.js';

export interface KeywordSearchOptions {
  /** BM25 weight of the section path against the text's 1. */
  headingWeight?: number;
  /** The share of the better neighbour's score added to a chunk's own. */
  neighbourWeight?: number;
}

export interface RetrievedChunk extends StoredChunk {
  score: number;
}

const defaultHeadingWeight = 2;
const defaultNeighbourWeight = 0.15;

export class KeywordSearch {
  private readonly matching: Statement;
  private readonly neighbourWeight: number;

  constructor(connection: Connection, options: KeywordSearchOptions = {}) {
    this.neighbourWeight = options.neighbourWeight ?? defaultNeighbourWeight;
    // bm25() is lower for better matches: negated, so a higher score is better.
    this.matching = connection.prepare(`
      SELECT c.*, -bm25(document_chunk_terms, ${options.headingWeight ?? defaultHeadingWeight}, 1) AS score
      FROM document_chunk_terms JOIN document_chunks c ON c.id = document_chunk_terms.rowid
      WHERE document_chunk_terms MATCH ? AND c.document_id IN (SELECT value FROM json_each(?))
    `);
  }

  /** The best `limit` chunks of the documents for the question, best first. */
  search(question: string, documentIds: readonly string[], limit: number): RetrievedChunk[] {
    const expression = matchExpression(queryTerms(question));
    if (!expression || documentIds.length === 0 || limit <= 0) return [];
    const rows = this.matching.all(expression, JSON.stringify(documentIds)) as (ChunkRow & { score: number })[];
    const matched = rows.map((row) => ({ ...storedChunk(row), score: row.score }));
    return withNeighbours(matched, this.neighbourWeight)
      .sort((a, b) => b.score - a.score || a.documentId.localeCompare(b.documentId) || a.position - b.position)
      .slice(0, limit);
  }
}

/** Each chunk's score plus `weight` times the better of its two neighbours' own scores (0 where they matched nothing). */
function withNeighbours(chunks: RetrievedChunk[], weight: number): RetrievedChunk[] {
  if (weight === 0) return chunks;
  const own = new Map(chunks.map((chunk) => [`${chunk.documentId}\u0000${chunk.position}`, chunk.score]));
  const scoreAt = (documentId: string, position: number) => own.get(`${documentId}\u0000${position}`) ?? 0;
  return chunks.map((chunk) => ({
    ...chunk,
    score: chunk.score + weight * Math.max(scoreAt(chunk.documentId, chunk.position - 1), scoreAt(chunk.documentId, chunk.position + 1)),
  }));
}
