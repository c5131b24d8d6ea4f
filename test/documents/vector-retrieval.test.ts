import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, test } from 'vitest';
import { chunkContent, type DocumentChunk } from '../../electron/core/documents/chunking/document-chunk.js';
import { LocalTextEmbedder } from '../../electron/core/documents/embedding/local-text-embedder.js';
import type { TextEmbedder } from '../../electron/core/documents/embedding/text-embedder.js';
import { indexDocument } from '../../electron/core/documents/index-document.js';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { DocumentRetriever, keywordOnlyNotice } from '../../electron/core/documents/retrieval/document-retriever.js';
import { KeywordSearch, type RetrievedChunk } from '../../electron/core/documents/retrieval/keyword-search.js';
import { fuseRankings } from '../../electron/core/documents/retrieval/rank-fusion.js';
import { VectorSearch } from '../../electron/core/documents/retrieval/vector-search.js';
import type { Connection } from '../../electron/core/storage/connection.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { makePdf } from './document-files.js';

// A lexical fixture shaped like a sentence-embedding model (see its SOURCE.md): similar words give similar vectors.
const tinyEmbedPath = fileURLToPath(new URL('../../../shared/models/tiny-bow-embed', import.meta.url));
const embedder = new LocalTextEmbedder({ modelPath: tinyEmbedPath });
afterAll(() => embedder.dispose());

const chunk = (position: number, heading: string, text: string, page: number): DocumentChunk => ({ position, headings: [heading], innerHeadings: [], text, pages: [page] });
const chunks = [
  chunk(0, 'Introduction', 'Night shift nurses often sleep badly.', 1),
  chunk(1, 'Methods', 'Wrist actigraphy recorded sleep for two weeks.', 2),
  chunk(2, 'Budget', 'The grant paid for travel and printing.', 3),
];

let database: BatonDatabase;
let connection: Connection;
let conversationId: string;
let index: DocumentIndex;
beforeEach(async () => {
  database = openDatabase(':memory:');
  connection = database.connection;
  conversationId = database.conversations.create({ title: 'documents' }).id;
  index = new DocumentIndex(connection);
  index.addDocument({ id: 'study', conversationId, name: 'study.pdf', kind: 'pdf', contentHash: 'study', byteCount: 0 }, chunks);
  const stored = index.chunks('study');
  const vectors = await embedder.embedDocuments(stored.map(chunkContent));
  index.addVectors(embedder.id, new Map(stored.map((storedChunk, position) => [storedChunk.id, vectors[position]!])));
});

describe('vector retrieval', () => {
  test('embeddings are unit length and stored per model', async () => {
    const stored = index.vectors(embedder.id, ['study']);
    expect(stored.size).toBe(3);
    for (const vector of stored.values()) {
      expect(vector.length).toBe(32);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(index.vectors('another-model', ['study']).size).toBe(0);
  });

  test('the chunk that shares the question’s words comes first, with its page', async () => {
    const results = await new VectorSearch(index, embedder).search('what did the grant pay for', ['study'], 3);
    expect(results.map((result) => result.position)).toHaveLength(3);
    expect(results[0]).toMatchObject({ position: 2, pages: [3], headings: ['Budget'] });
  });

  test('removing the document removes its vectors', () => {
    index.removeDocument('study');
    expect(connection.prepare('SELECT count(*) FROM document_chunk_vectors').pluck().get()).toBe(0);
  });

  test('a model folder without its files gives a clear error', async () => {
    const missing = new LocalTextEmbedder({ modelPath: '/nonexistent/embedding-model' });
    await expect(missing.embedQuery('anything')).rejects.toThrow(/No embedding model in "\/nonexistent\/embedding-model"/);
  });
});

describe('reciprocal rank fusion', () => {
  const result = (id: number): RetrievedChunk => ({ id, documentId: 'd', position: id, headings: [], innerHeadings: [], text: '', pages: [], spans: [], score: 0 });

  test('a chunk both rankings hold beats one ranked first by only one of them', () => {
    const fused = fuseRankings([[result(1), result(2), result(3)], [result(4), result(2), result(1)]], 4, 60);
    expect(fused.map((chunk) => chunk.id)).toEqual([1, 2, 4, 3]);
    expect(fused[0]!.score).toBeCloseTo(1 / 61 + 1 / 63, 12);
    expect(fused[1]!.score).toBeCloseTo(2 / 62, 12);
  });

  test('keyword and vector search fused over a real index', async () => {
    const question = 'How many weeks was sleep recorded with actigraphy?';
    const keyword = new KeywordSearch(connection).search(question, ['study'], 10);
    const vector = await new VectorSearch(index, embedder).search(question, ['study'], 10);
    expect(keyword.map((result) => result.position)).toEqual([1, 0]);
    expect(vector[0]?.position).toBe(1);
    const fused = fuseRankings([keyword, vector], 3);
    expect(fused.map((result) => result.position)).toEqual([1, 0, 2]);
    expect(fused[0]).toMatchObject({ pages: [2], text: 'Wrist actigraphy recorded sleep for two weeks.' });
  });
});

describe('DocumentRetriever', () => {
  const question = 'How many weeks was sleep recorded with actigraphy?';

  test('without an embedding model it searches by keyword alone and says so', async () => {
    const result = await new DocumentRetriever(index).retrieve(question, ['study'], 2);
    expect(result).toMatchObject({ mode: 'keyword', notice: keywordOnlyNotice });
    expect(result.chunks.map((found) => found.position)).toEqual([1, 0]);
  });

  test('with one, and every chunk embedded, it fuses keyword and vector rankings', async () => {
    const result = await new DocumentRetriever(index, embedder).retrieve(question, ['study'], 3);
    expect(result.mode).toBe('fused');
    expect(result.notice).toBeUndefined();
    expect(result.chunks.map((found) => found.position)).toEqual([1, 0, 2]);
  });

  test('a document whose chunks are not embedded yet is searched by keyword, saying how many passages wait', async () => {
    index.addDocument({ id: 'diary', conversationId, name: 'diary.txt', kind: 'text', contentHash: 'diary', byteCount: 0 }, [chunk(0, 'Diary', 'My watch tracked my sleep.', 1), chunk(1, 'Diary', 'It rained.', 1)]);
    const result = await new DocumentRetriever(index, embedder).retrieve('sleep', ['study', 'diary'], 5);
    expect(result.mode).toBe('keyword');
    expect(result.notice).toBe('2 passages have no embedding from tiny-bow-embed:fp32 yet: the documents were searched by keyword alone.');
    expect(result.chunks.map((found) => found.documentId).sort()).toEqual(['diary', 'study', 'study']);
  });
});

test('indexing with an embedding model stores a vector for every chunk, so questions are answered by fused search', async () => {
  const pdf = await makePdf([['The clinic opened in spring.'], ['Patients waited nine days on average.']]);
  const summary = await indexDocument({ id: 'clinic', conversationId }, pdf, 'clinic.pdf', { index, scan: async () => [], embedder, maxCharacters: 40 });
  expect(summary.chunkCount).toBe(2);
  expect(index.chunksWithoutVectors(embedder.id, ['clinic'])).toBe(0);
  const result = await new DocumentRetriever(index, embedder).retrieve('How long did patients wait?', ['clinic'], 1);
  expect(result.mode).toBe('fused');
  expect(result.chunks.map(({ text, pages }) => ({ text, pages }))).toEqual([{ text: 'Patients waited nine days on average.', pages: [2] }]);
});

test('a damaged embedding model does not stop a document from being indexed: it is searched by keyword, and the question says why', async () => {
  const broken = new LocalTextEmbedder({ modelPath: join(tmpdir(), 'baton-no-such-embedding-model') });
  const pdf = await makePdf([['The clinic opened in spring.'], ['Patients waited nine days on average.']]);
  const summary = await indexDocument({ id: 'clinic', conversationId }, pdf, 'clinic.pdf', { index, scan: async () => [], embedder: broken, maxCharacters: 40 });
  expect(summary.chunkCount).toBe(2);
  const result = await new DocumentRetriever(index, broken).retrieve('How long did patients wait?', ['clinic'], 1);
  expect(result).toMatchObject({ mode: 'keyword', notice: '2 passages have no embedding from baton-no-such-embedding-model:fp32 yet: the documents were searched by keyword alone.' });
  expect(result.chunks.map(({ text }) => text)).toEqual(['Patients waited nine days on average.']);
});

test('cancelling while passages are embedded cancels the indexing', async () => {
  const controller = new AbortController();
  const cancelling: TextEmbedder = {
    id: 'cancelling',
    embedQuery: async () => new Float32Array(32),
    dispose: async () => undefined,
    embedDocuments: async () => {
      controller.abort();
      throw new Error('stopped');
    },
  };
  const pdf = await makePdf([['The clinic opened in spring.']]);
  await expect(indexDocument({ id: 'clinic', conversationId }, pdf, 'clinic.pdf', { index, scan: async () => [], embedder: cancelling, signal: controller.signal })).rejects.toThrow('stopped');
  expect(index.document('clinic')).toBeUndefined();
});
