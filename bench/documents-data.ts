import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The document retrieval data (QASPER in ../shared/data/documents, see its SOURCE.md): papers as
 * Markdown files and questions with the paragraphs that hold their answers. Any folder laid out
 * the same way (documents/*.md and questions.jsonl with `document`, `question`, `evidence`) works.
 */
export interface DocumentQuestion {
  id: string;
  /** The file name in documents/. */
  document: string;
  question: string;
  /** Whole paragraphs of the document, verbatim; retrieving any one of them counts. */
  evidence: string[];
}

export interface DocumentData {
  /** File name to its bytes. */
  documents: Map<string, Uint8Array>;
  questions: DocumentQuestion[];
}

export function loadDocumentData(folder: string): DocumentData {
  const documentFolder = join(folder, 'documents');
  const documents = new Map<string, Uint8Array>();
  for (const name of readdirSync(documentFolder).sort()) documents.set(name, readFileSync(join(documentFolder, name)));
  const questions = readFileSync(join(folder, 'questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as DocumentQuestion)
    .filter((question) => documents.has(question.document) && question.evidence.length > 0)
    .map(({ id, document, question, evidence }) => ({ id, document, question, evidence }));
  return { documents, questions };
}
