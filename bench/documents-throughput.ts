/**
 * Indexing throughput of the documents bench: a generated PDF through indexDocument as the app
 * runs it (parse in a worker, chunk, pattern scan of every chunk, keyword index in an encrypted
 * database on disk), timed per step. The entity classifier's scan is not part of it: it may
 * finish in the background (no chunk leaves the machine before it has), and is timed apart,
 * over the same chunks, in its worker with one thread as the app runs it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexDocument } from '../electron/core/documents/index-document.js';
import { parseDocument } from '../electron/core/documents/parsing/parse-document.js';
import { DocumentIndex } from '../electron/core/documents/retrieval/document-index.js';
import { chunkContent } from '../electron/core/documents/chunking/document-chunk.js';
import { Analyzer } from '../electron/core/privacy/analyzer.js';
import { EntityRecognizer } from '../electron/core/privacy/entities/entity-recognizer.js';
import { shippedEntityClassifierFolder } from '../electron/core/privacy/entities/shipped-entity-classifier.js';
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
  /** The shipped entity classifier over every chunk, one after another, model load included; undefined when it could not run. */
  entityScan: { seconds: number } | { error: string };
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
    const conversationId = database.conversations.create({ title: 'documents bench' }).id;
    const summary = await indexDocument({ id: 'bench-pdf', conversationId }, pdf, 'bench.pdf', {
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
    const entityScan = await measureEntityScan(index.chunks('bench-pdf').map(chunkContent));
    return { pages: pageCount, chunks: summary.chunkCount, totalSeconds, parseSeconds, scanSeconds, chunkAndIndexSeconds: totalSeconds - parseSeconds - scanSeconds, entityScan };
  } finally {
    database.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

async function measureEntityScan(contents: readonly string[]): Promise<IndexingTimes['entityScan']> {
  const recognizer = new EntityRecognizer({ folder: shippedEntityClassifierFolder() });
  try {
    const started = performance.now();
    for (const content of contents) await recognizer.analyze(content);
    return { seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    await recognizer.dispose();
  }
}
