/**
 * Indexing throughput of the documents bench: a generated PDF through indexDocument as the app
 * runs it (parse in a worker, chunk, pattern scan of every chunk, keyword index in an encrypted
 * database on disk), timed per step. The entity classifier's scan is not part of it: it may
 * finish in the background (no chunk leaves the machine before it has), and is reported apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexDocument } from '../electron/core/documents/index-document.js';
import { parseDocument } from '../electron/core/documents/parsing/parse-document.js';
import { DocumentIndex } from '../electron/core/documents/retrieval/document-index.js';
import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { createPatternRecognizers } from '../electron/core/privacy/recognizers/index.js';
import { defaultKeySources, openDatabase } from '../electron/core/storage/database.js';

export interface IndexingTimes {
  pages: number;
  chunks: number;
  totalSeconds: number;
  parseSeconds: number;
  scanSeconds: number;
  /** Chunking and writing the index: the total less parse and scan. */
  chunkAndIndexSeconds: number;
}

export async function measureIndexing(pdf: Uint8Array, pageCount: number): Promise<IndexingTimes> {
  const folder = mkdtempSync(join(tmpdir(), 'baton-documents-bench-'));
  const databasePath = join(folder, 'baton.db');
  const database = openDatabase(databasePath, { keySources: defaultKeySources(databasePath, { BATON_KEYCHAIN: 'off' }) });
  try {
    const index = new DocumentIndex(database.connection);
    const analyzer = new Analyzer(createPatternRecognizers());
    let parseSeconds = 0;
    let scanSeconds = 0;
    const started = performance.now();
    const summary = await indexDocument('bench-pdf', pdf, 'bench.pdf', {
      index,
      parse: async (bytes, name, options) => {
        const from = performance.now();
        const document = await parseDocument(bytes, name, options);
        parseSeconds += (performance.now() - from) / 1000;
        return document;
      },
      scan: async (text) => {
        const from = performance.now();
        const { spans } = await analyzer.analyze(text);
        scanSeconds += (performance.now() - from) / 1000;
        return spans;
      },
    });
    const totalSeconds = (performance.now() - started) / 1000;
    if (summary.document.pageCount !== pageCount) throw new Error(`The bench PDF read as ${summary.document.pageCount} pages, not ${pageCount}.`);
    return { pages: pageCount, chunks: summary.chunkCount, totalSeconds, parseSeconds, scanSeconds, chunkAndIndexSeconds: totalSeconds - parseSeconds - scanSeconds };
  } finally {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
