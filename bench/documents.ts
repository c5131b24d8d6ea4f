/**
 * `baton bench documents [--data DIR] [--embed-model DIR]`: how well Baton finds the passage
 * that answers a question in a document, and how fast it indexes and searches.
 *
 * - Recall@1/3/5/10 of a gold evidence paragraph among the chunks a question's own paper returns
 *   (documents-recall.ts), per retrieval mode and by paper length, on QASPER papers
 *   (../shared/data/documents by default). Chunks hold at most 1,200 characters with their
 *   section path, so recall@5 means "within 6,000 characters of context". All papers share one
 *   index, as a person's documents do (BM25's word weights come from all of them); each question
 *   searches its own paper.
 * - Indexing throughput in pages per second on a generated 200-page PDF (documents-throughput.ts).
 * - Query latency p50 over an index of 10,000 chunks (documents-latency.ts).
 *
 * The last line is the figure for Baton as shipped, keyword search alone:
 * `documents recall@5: X index pages/s: Y`.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chunkDocument, defaultMaxChunkCharacters } from '../electron/core/documents/chunking/chunk-document.js';
import { chunkContent, type DocumentChunk } from '../electron/core/documents/chunking/document-chunk.js';
import { LocalTextEmbedder } from '../electron/core/documents/embedding/local-text-embedder.js';
import { parseDocumentInProcess } from '../electron/core/documents/parsing/parse-document-in-process.js';
import { DocumentIndex } from '../electron/core/documents/retrieval/document-index.js';
import { KeywordSearch } from '../electron/core/documents/retrieval/keyword-search.js';
import { fuseRankings } from '../electron/core/documents/retrieval/rank-fusion.js';
import { VectorSearch } from '../electron/core/documents/retrieval/vector-search.js';
import { openDatabase } from '../electron/core/storage/database.js';
import { loadDocumentData, type DocumentQuestion } from './documents-data.js';
import { measureQueryLatency } from './documents-latency.js';
import { makeBenchPdf } from './documents-pdf.js';
import { measureRecall, recallDepths, type RecallFigures, type RecallReport } from './documents-recall.js';
import { measureIndexing } from './documents-throughput.js';

export interface DocumentsBenchOptions {
  data?: string;
  embedModel?: string;
}

/** The repository root: this file runs compiled from dist/bench/ (npm run bench) or as source from bench/. */
const repositoryRoot = fileURLToPath(new URL(import.meta.url.includes('/dist/bench/') ? '../../' : '../', import.meta.url));
const defaultFolder = join(repositoryRoot, '../shared/data/documents');
const benchPdfPages = 200;
const benchPdfCharactersPerPage = 3000;
const latencyChunkTarget = 10_000;

export async function documentsBench(options: DocumentsBenchOptions): Promise<void> {
  const folder = options.data ?? defaultFolder;
  const data = loadDocumentData(folder);

  // Papers are trusted files here: parsed on this thread, each chunked once and indexed together.
  const chunksByDocument = new Map<string, DocumentChunk[]>();
  const wordCounts = new Map<string, number>();
  const paragraphs: string[] = [];
  for (const [name, bytes] of data.documents) {
    const document = await parseDocumentInProcess(bytes, name);
    chunksByDocument.set(name, chunkDocument(document));
    wordCounts.set(name, document.blocks.reduce((sum, block) => sum + block.text.split(/\s+/).filter(Boolean).length, 0));
    for (const block of document.blocks) if (block.kind === 'paragraph') paragraphs.push(block.text);
  }
  const chunkCount = [...chunksByDocument.values()].reduce((sum, chunks) => sum + chunks.length, 0);
  console.log(`documents: ${data.documents.size} papers, ${data.questions.length} questions, ${chunkCount} chunks of at most ${defaultMaxChunkCharacters} characters (section path included), from ${folder}`);

  const database = openDatabase(':memory:');
  const { connection } = database;
  const conversationId = database.conversations.create({ title: 'documents bench' }).id;
  const index = new DocumentIndex(connection);
  for (const [name, chunks] of chunksByDocument) index.addDocument({ id: name, conversationId, name, kind: 'markdown', contentHash: name, byteCount: 0 }, chunks);
  const keyword = new KeywordSearch(connection);
  const keywordRecall = await measureRecall(data.questions, (question, documentId, limit) => keyword.search(question, [documentId], limit), wordCounts);
  printRecall('keyword (FTS5 BM25, porter stemming, stop words, section path column, neighbour scores)', keywordRecall);
  if (options.embedModel) await measureVectorModes(options.embedModel, index, keyword, data.questions, wordCounts);
  else console.log('vector, fused: not measured (no --embed-model): Baton without an embedding model searches by keyword alone');
  database.close();

  const pdf = await makeBenchPdf(paragraphs, benchPdfPages, benchPdfCharactersPerPage);
  const indexing = await measureIndexing(pdf, benchPdfPages);
  const pagesPerSecond = indexing.pages / indexing.totalSeconds;
  console.log(
    `indexing a ${indexing.pages}-page PDF (~${benchPdfCharactersPerPage} characters a page, ${Math.round(pdf.byteLength / 1024)} KB, ${indexing.chunks} chunks): ` +
      `${indexing.totalSeconds.toFixed(2)} s = parse ${indexing.parseSeconds.toFixed(2)} s + pattern scan ${indexing.scanSeconds.toFixed(2)} s + chunk and keyword index ${indexing.chunkAndIndexSeconds.toFixed(2)} s: ${pagesPerSecond.toFixed(1)} pages/s`,
  );
  const entityScan = indexing.entityScan;
  console.log(
    'seconds' in entityScan
      ? `entity classifier scan of the same chunks (apart: it may finish in the background, and no chunk is sent anywhere before it has): ${entityScan.seconds.toFixed(2)} s, ${(indexing.pages / entityScan.seconds).toFixed(1)} pages/s`
      : `entity classifier scan: not measured (${entityScan.error})`,
  );

  const latency = measureQueryLatency(chunksByDocument, data.questions, latencyChunkTarget);
  console.log(`query latency over ${latency.chunks} chunks (keyword, top 10 of the question's own paper): p50 ${latency.p50Milliseconds.toFixed(2)} ms, p95 ${latency.p95Milliseconds.toFixed(2)} ms`);

  console.log(`documents recall@5: ${(keywordRecall.overall.recall.get(5) ?? 0).toFixed(3)} index pages/s: ${pagesPerSecond.toFixed(1)}`);
}

/** Vector search with the model in `folder`, and its fusion with keyword search (each from their top 50). */
async function measureVectorModes(folder: string, index: DocumentIndex, keyword: KeywordSearch, questions: readonly DocumentQuestion[], wordCounts: ReadonlyMap<string, number>): Promise<void> {
  const embedder = new LocalTextEmbedder({ modelPath: folder });
  try {
    const started = performance.now();
    let embedded = 0;
    for (const documentId of new Set(questions.map((question) => question.document))) {
      const chunks = index.chunks(documentId);
      const vectors = await embedder.embedDocuments(chunks.map(chunkContent));
      index.addVectors(embedder.id, new Map(chunks.map((chunk, position) => [chunk.id, vectors[position] ?? new Float32Array()])));
      embedded += chunks.length;
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`embedding ${embedded} chunks with ${embedder.id}: ${seconds.toFixed(1)} s (${(embedded / seconds).toFixed(1)} chunks/s)`);
    const vector = new VectorSearch(index, embedder);
    printRecall(`vector (${embedder.id}, exact cosine)`, await measureRecall(questions, (question, documentId, limit) => vector.search(question, [documentId], limit), wordCounts));
    const fusionDepth = 50;
    const fused = async (question: string, documentId: string, limit: number) =>
      fuseRankings([keyword.search(question, [documentId], fusionDepth), await vector.search(question, [documentId], fusionDepth)], limit);
    printRecall('fused (reciprocal rank fusion of keyword and vector)', await measureRecall(questions, fused, wordCounts));
  } finally {
    await embedder.dispose();
  }
}

function printRecall(mode: string, { overall, byLength }: RecallReport): void {
  console.log(`recall, ${mode}:`);
  console.log(`  ${'papers'.padEnd(20)}${recallDepths.map((depth) => `@${depth}`.padStart(8)).join('')}${'questions'.padStart(11)}`);
  const row = (name: string, figures: RecallFigures) =>
    console.log(`  ${name.padEnd(20)}${recallDepths.map((depth) => (figures.recall.get(depth) ?? 0).toFixed(3).padStart(8)).join('')}${String(figures.questions).padStart(11)}`);
  row('all', overall);
  for (const { band, figures } of byLength) row(band, figures);
}
