/**
 * Query latency of the documents bench: an index of at least `chunkTarget` chunks (the papers'
 * chunks, copied under new document ids as often as needed), each question searching its own
 * paper, every question once after a warm-up round of ten.
 */
import type { DocumentChunk } from '../electron/core/documents/chunking/document-chunk.js';
import { DocumentIndex } from '../electron/core/documents/retrieval/document-index.js';
import { KeywordSearch } from '../electron/core/documents/retrieval/keyword-search.js';
import { openDatabase } from '../electron/core/storage/database.js';
import { median } from './bench-support.js';
import type { DocumentQuestion } from './documents-data.js';

export interface LatencyFigures {
  chunks: number;
  p50Milliseconds: number;
  p95Milliseconds: number;
}

export function measureQueryLatency(chunksByDocument: ReadonlyMap<string, DocumentChunk[]>, questions: readonly DocumentQuestion[], chunkTarget: number): LatencyFigures {
  const database = openDatabase(':memory:');
  const { connection } = database;
  try {
    const conversationId = database.conversations.create({ title: 'documents bench' }).id;
    const index = new DocumentIndex(connection);
    let chunks = 0;
    // Every paper once (the questions search them), then copies until the index holds the target.
    for (let copy = 0; copy === 0 || (chunks < chunkTarget && chunksByDocument.size > 0); copy++) {
      for (const [name, documentChunks] of chunksByDocument) {
        if (copy > 0 && chunks >= chunkTarget) break;
        const id = copy === 0 ? name : `${name}#${copy}`;
        index.addDocument({ id, conversationId, name, kind: 'markdown', contentHash: id, byteCount: 0 }, documentChunks);
        chunks += documentChunks.length;
      }
    }
    const search = new KeywordSearch(connection);
    for (const question of questions.slice(0, 10)) search.search(question.question, [question.document], 10);
    const times = questions.map((question) => {
      const started = performance.now();
      search.search(question.question, [question.document], 10);
      return performance.now() - started;
    });
    const sorted = [...times].sort((a, b) => a - b);
    return { chunks, p50Milliseconds: median(times), p95Milliseconds: sorted[Math.floor(sorted.length * 0.95)] ?? 0 };
  } finally {
    database.close();
  }
}
