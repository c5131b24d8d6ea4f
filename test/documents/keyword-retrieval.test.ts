import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { chunkContent } from '../../electron/core/documents/chunking/document-chunk.js';
import { indexDocument } from '../../electron/core/documents/index-document.js';
import { DocumentIndex } from '../../electron/core/documents/retrieval/document-index.js';
import { matchExpression, queryTerms } from '../../electron/core/documents/retrieval/keyword-query.js';
import { KeywordSearch } from '../../electron/core/documents/retrieval/keyword-search.js';
import { Analyzer } from '../../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../../electron/core/privacy/recognizers/index.js';
import type { Connection } from '../../electron/core/storage/connection.js';
import { openDatabase, type BatonDatabase } from '../../electron/core/storage/database.js';
import { makeStyledPdf } from './document-files.js';

const body = (text: string) => ({ text, size: 11 });
const heading = (text: string) => ({ text, size: 18 });

/** Three pages, one section each; small chunks so each section is a chunk of its own. */
async function sleepStudyPdf(): Promise<Uint8Array> {
  return makeStyledPdf([
    [heading('Introduction'), body('Poor sleep is common among night shift nurses.'), body('This study tests a simple routine.')],
    [heading('Methods'), body('We recruited forty volunteers from the clinic.'), body('Sleep was recorded with wrist actigraphy'), body('for two weeks.')],
    [heading('Results'), body('Sleep duration improved by forty minutes.'), body('Write to the coordinator at ana.silva@example.org.')],
  ]);
}

let database: BatonDatabase;
let connection: Connection;
let conversationId: string;
let index: DocumentIndex;
const analyzer = new Analyzer(createPatternRecognizers());
const scan = async (text: string) => (await analyzer.analyze(text)).spans;

beforeEach(() => {
  database = openDatabase(':memory:');
  connection = database.connection;
  conversationId = database.conversations.create({ title: 'documents' }).id;
  index = new DocumentIndex(connection);
});
afterEach(() => database.close());

describe('indexing and keyword search', () => {
  test('a PDF is parsed, chunked by section with its pages, scanned, and a question finds the chunk that holds its answer with its page', async () => {
    const summary = await indexDocument({ id: 'study', conversationId }, await sleepStudyPdf(), 'study.pdf', { index, scan, maxCharacters: 160 });
    expect(summary.chunkCount).toBe(3);
    expect(index.chunks('study').map(({ position, headings, text, pages }) => ({ position, headings, text, pages }))).toEqual([
      { position: 0, headings: ['Introduction'], text: 'Poor sleep is common among night shift nurses. This study tests a simple routine.', pages: [1] },
      { position: 1, headings: ['Methods'], text: 'We recruited forty volunteers from the clinic. Sleep was recorded with wrist actigraphy for two weeks.', pages: [2] },
      { position: 2, headings: ['Results'], text: 'Sleep duration improved by forty minutes. Write to the coordinator at ana.silva@example.org.', pages: [3] },
    ]);

    const search = new KeywordSearch(connection);
    const [best] = search.search('How was sleep measured and recorded?', ['study'], 3);
    expect(best).toMatchObject({ documentId: 'study', position: 1, pages: [2] });
    expect(best?.text).toContain('wrist actigraphy');
    // Stemming: "recruiting volunteer" meets "recruited forty volunteers".
    expect(search.search('recruiting a volunteer', ['study'], 1).map((chunk) => chunk.position)).toEqual([1]);
    // The section path is searched too: "results" is only a heading.
    expect(search.search('What were the results?', ['study'], 1).map((chunk) => chunk.pages)).toEqual([[3]]);
  });

  test("each chunk keeps the privacy scan's spans, in its content's offsets", async () => {
    await indexDocument({ id: 'study', conversationId }, await sleepStudyPdf(), 'study.pdf', { index, scan, maxCharacters: 160 });
    const results = index.chunks('study')[2]!;
    const content = chunkContent(results);
    expect(results.spans.map((span) => ({ type: span.type, value: content.slice(span.start, span.end) }))).toEqual([{ type: 'EMAIL', value: 'ana.silva@example.org' }]);
    expect(index.chunks('study')[0]!.spans).toEqual([]);
  });

  test('only the given documents are searched', async () => {
    await indexDocument({ id: 'study', conversationId }, await sleepStudyPdf(), 'study.pdf', { index, scan, maxCharacters: 160 });
    await indexDocument({ id: 'diary', conversationId }, await makeStyledPdf([[heading('Diary'), body('My watch recorded my sleep with actigraphy every night.')]]), 'diary.pdf', { index, scan });
    const search = new KeywordSearch(connection);
    expect(search.search('actigraphy', ['diary'], 5).map((chunk) => chunk.documentId)).toEqual(['diary']);
    expect(search.search('actigraphy', ['study'], 5).map((chunk) => [chunk.documentId, chunk.position])).toEqual([['study', 1]]);
    expect(search.search('actigraphy', ['study', 'diary'], 5).map((chunk) => chunk.documentId).sort()).toEqual(['diary', 'study']);
    expect(search.search('actigraphy', [], 5)).toEqual([]);
  });

  test('removing a document removes its chunks and their full-text rows, and leaves the others', async () => {
    await indexDocument({ id: 'study', conversationId }, await sleepStudyPdf(), 'study.pdf', { index, scan, maxCharacters: 160 });
    await indexDocument({ id: 'diary', conversationId }, await makeStyledPdf([[heading('Diary'), body('My watch recorded my sleep with actigraphy every night.')]]), 'diary.pdf', { index, scan });
    const indexed = (term: string) => connection.prepare('SELECT rowid FROM document_chunk_terms WHERE document_chunk_terms MATCH ?').pluck().all(`"${term}"`);
    expect(indexed('actigraphy')).toHaveLength(2);

    expect(index.removeDocument('study')).toBe(true);
    expect(index.chunks('study')).toEqual([]);
    expect(connection.prepare('SELECT count(*) FROM document_chunks WHERE document_id = ?').pluck().get('study')).toBe(0);
    expect(indexed('volunteers')).toEqual([]);
    expect(indexed('actigraphy')).toEqual([index.chunks('diary')[0]!.id]);
    // FTS5 checks its index against the content table: nothing stale is left.
    expect(() => connection.exec("INSERT INTO document_chunk_terms (document_chunk_terms) VALUES ('integrity-check')")).not.toThrow();
    expect(new KeywordSearch(connection).search('volunteers', ['study'], 5)).toEqual([]);
    expect(index.removeDocument('study')).toBe(false);
  });

  test('a cancelled indexing stores nothing', async () => {
    const controller = new AbortController();
    const slowScan = async (text: string) => {
      controller.abort();
      return scan(text);
    };
    await expect(indexDocument({ id: 'study', conversationId }, await sleepStudyPdf(), 'study.pdf', { index, scan: slowScan, maxCharacters: 160, signal: controller.signal })).rejects.toThrow(/cancelled/);
    expect(index.chunks('study')).toEqual([]);
  });
});

describe('keyword queries', () => {
  test.each([
    ['Which data sources do they use?', ['data', 'sources', 'use']],
    ['What is the F1 score of the model on SQuAD?', ['f1', 'score', 'model', 'squad']],
    ['Is "NEAR" OR AND a * problem?', ['near', 'problem']],
    ['Do they?', []],
  ])('%s', (question, terms) => {
    expect(queryTerms(question)).toEqual(terms);
  });

  test('every term is quoted, so no word of a question is read as query syntax', () => {
    expect(matchExpression(['near', 'problem'])).toBe('"near" OR "problem"');
    expect(matchExpression([])).toBeUndefined();
  });
});
