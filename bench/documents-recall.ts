/**
 * Recall@k of the documents bench: for each question, whether any chunk among the first k that
 * its own document's search returns holds one of its gold evidence paragraphs
 * (documents-evidence.ts), as a share of the questions; overall and by the paper's length.
 */
import { chunkContent, type DocumentChunk } from '../electron/core/documents/chunking/document-chunk.js';
import type { DocumentQuestion } from './documents-data.js';
import { holdsEvidence, normalizeWhitespace } from './documents-evidence.js';

export const recallDepths = [1, 3, 5, 10] as const;

/** Papers by length in words: the short ones are easy (few chunks), so they are reported apart. */
export const lengthBands = [
  { name: 'under 2,500 words', below: 2500 },
  { name: '2,500-5,000 words', below: 5000 },
  { name: 'over 5,000 words', below: Infinity },
] as const;

export type Retrieve = (question: string, documentId: string, limit: number) => DocumentChunk[] | Promise<DocumentChunk[]>;

export interface RecallFigures {
  questions: number;
  /** Depth (1, 3, 5, 10) to the share of questions with evidence within it. */
  recall: Map<number, number>;
}

export interface RecallReport {
  overall: RecallFigures;
  byLength: { band: string; figures: RecallFigures }[];
}

/** The rank (from 1) of the first chunk holding evidence, or undefined when none in the first `depth`. */
export function firstEvidenceRank(chunks: readonly DocumentChunk[], evidence: readonly string[]): number | undefined {
  const paragraphs = evidence.map(normalizeWhitespace);
  const index = chunks.findIndex((chunk) => {
    const content = normalizeWhitespace(chunkContent(chunk));
    return paragraphs.some((paragraph) => holdsEvidence(content, paragraph));
  });
  return index === -1 ? undefined : index + 1;
}

export async function measureRecall(questions: readonly DocumentQuestion[], retrieve: Retrieve, wordCounts: ReadonlyMap<string, number>): Promise<RecallReport> {
  const depth = Math.max(...recallDepths);
  const ranks: { question: DocumentQuestion; rank: number | undefined }[] = [];
  for (const question of questions) {
    ranks.push({ question, rank: firstEvidenceRank(await retrieve(question.question, question.document, depth), question.evidence) });
  }
  const figures = (subset: typeof ranks): RecallFigures => ({
    questions: subset.length,
    recall: new Map(recallDepths.map((k) => [k, subset.length ? subset.filter(({ rank }) => rank !== undefined && rank <= k).length / subset.length : 0])),
  });
  let lower = 0;
  const byLength = lengthBands.map((band) => {
    const from = lower;
    lower = band.below;
    const inBand = ranks.filter(({ question }) => {
      const words = wordCounts.get(question.document) ?? 0;
      return words >= from && words < band.below;
    });
    return { band: band.name, figures: figures(inBand) };
  });
  return { overall: figures(ranks), byLength };
}
