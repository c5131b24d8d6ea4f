/**
 * Ask mode: a question about a conversation's documents is answered from the passages retrieval
 * finds for it, never from the whole documents, so a document larger than any model's context
 * is answered all the same. The passages go to the conductor as one subtask (the plan is made
 * here: no planner call) that is routed, checked, and sent through the cloud boundary like any
 * other, so consent, redaction and "deny keeps it local" are the same as for `baton ask`. The
 * prompt asks for citations in the passages' own labels; the answer's markers are matched back
 * to the passages they name.
 */
import type { MessageCitations } from '../../../shared/domain.js';
import type { Plan } from '../../../shared/plan.js';
import type { Attachment, ConductorRequest, ConductorResult } from '../../orchestration/conductor.js';
import { estimateTokens } from '../../orchestration/context-fitting.js';
import { chunkContent } from '../chunking/document-chunk.js';
import type { DocumentRetriever, RetrievalMode } from '../retrieval/document-retriever.js';
import type { DocumentIndex, StoredChunk } from '../retrieval/document-index.js';
import { citedPassages } from './citation-markers.js';
import { passageLabel } from './passage-labels.js';
import type { AnalysisRunOptions } from './analysis-run-options.js';

export interface DocumentQuestionRequest extends AnalysisRunOptions {
  conversationId: string;
  documentIds: readonly string[];
  question: string;
  /** How many passages the answer is given at most; 6 by default (about 7,200 characters). */
  passageCount?: number;
  /**
   * The smallest context window, in tokens, of the models that may answer (the person's model
   * and this device's, which answers when sending is denied): passages are sent best first
   * while they fit in half of it, at least one. Without it every retrieved passage is sent and
   * the conductor shortens them to fit.
   */
  contextTokens?: number;
}

export interface Citation {
  document: string;
  /** The passage's first page; null for formats without pages. */
  page: number | null;
  text: string;
}

export interface DocumentAnswer {
  answer: string;
  citations: Citation[];
  /** 'answer': the passages the answer's markers name; 'retrieval': it named none, so the passages it was given, best first. */
  citationsFrom: 'answer' | 'retrieval';
  retrieval: { mode: RetrievalMode; notice?: string };
  run: ConductorResult;
}

export interface DocumentQuestionServices {
  conductor: { run(request: ConductorRequest): Promise<ConductorResult> };
  index: DocumentIndex;
  retriever: DocumentRetriever;
}

const defaultPassageCount = 6;

export interface Passage {
  chunk: StoredChunk;
  documentName: string;
  label: string;
}

/** What a question about documents sends: the passages, as the run's attachments, and its one-subtask plan. */
export interface PreparedQuestion {
  passages: Passage[];
  attachments: Attachment[];
  plan: Plan;
  retrieval: { mode: RetrievalMode; notice?: string };
}

export type PreparedQuestionRequest = Pick<DocumentQuestionRequest, 'documentIds' | 'question' | 'passageCount' | 'contextTokens' | 'signal'>;

/** Retrieves and fits the passages for a question; `baton analyze` and a chat in a conversation with documents both ask this way. */
export async function prepareDocumentQuestion(request: PreparedQuestionRequest, services: Pick<DocumentQuestionServices, 'index' | 'retriever'>): Promise<PreparedQuestion> {
  const names = new Map(request.documentIds.map((id) => [id, services.index.document(id)?.name ?? id]));
  const limit = request.passageCount ?? defaultPassageCount;
  const retrieval = await services.retriever.retrieve(request.question, request.documentIds, limit, request.signal);
  let chunks: StoredChunk[] = retrieval.chunks;
  let notice = retrieval.notice;
  if (chunks.length === 0) {
    // No word of the question is in the documents: their openings, rather than no text at all.
    chunks = request.documentIds.flatMap((id) => services.index.chunks(id)).slice(0, limit);
    notice = [notice, 'No passage matched the question: the answer was given the beginning of the documents.'].filter(Boolean).join(' ');
  }
  const retrieved: Passage[] = chunks.map((chunk) => {
    const documentName = names.get(chunk.documentId) ?? chunk.documentId;
    return { chunk, documentName, label: passageLabel(documentName, chunk) };
  });
  const plan = questionPlan(request.question, retrieved);
  const passages = request.contextTokens === undefined ? retrieved : fittingPassages(retrieved, request.contextTokens, plan.subtasks[0]!.instruction, request.question);
  return {
    passages,
    attachments: passages.map((passage) => ({ name: passage.label, text: chunkContent(passage.chunk) })),
    plan: { ...plan, notes: [`answered from ${passages.length} of ${retrieved.length} retrieved ${retrieved.length === 1 ? 'passage' : 'passages'}`] },
    retrieval: { mode: retrieval.mode, ...(notice ? { notice } : {}) },
  };
}

export async function answerFromDocuments(request: DocumentQuestionRequest, services: DocumentQuestionServices): Promise<DocumentAnswer> {
  const { passages, attachments, plan, retrieval } = await prepareDocumentQuestion(request, services);
  const run = await services.conductor.run({
    conversationId: request.conversationId,
    text: request.question,
    attachments,
    plan,
    ...(request.modelOverride ? { modelOverride: request.modelOverride } : {}),
    ...(request.modelOverrideReason ? { modelOverrideReason: request.modelOverrideReason } : {}),
    ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    ...(request.onEvent ? { onEvent: request.onEvent } : {}),
  });

  const cited = citationsOf(run.answer, passages);
  return {
    answer: run.answer,
    citations: cited.passages.map(({ document, page, text }) => ({ document, page, text })),
    citationsFrom: cited.from,
    retrieval,
    run,
  };
}

/** The passages an answer rests on: those its markers name, else all it was given (see MessageCitations). */
export function citationsOf(answer: string, passages: readonly Passage[]): MessageCitations {
  const cited = citedPassages(
    answer,
    passages.map((passage) => ({ ...passage.chunk, documentName: passage.documentName })),
  );
  const shown = cited.length > 0 ? cited.map((index) => passages[index]!) : passages;
  return {
    from: cited.length > 0 ? 'answer' : 'retrieval',
    passages: shown.map((passage) => ({ label: passage.label, document: passage.documentName, page: passage.chunk.pages[0] ?? null, text: passage.chunk.text })),
  };
}

/** One subtask: the instruction says how to cite, with the best passage's label as the example. Kept short: small local contexts carry it too. */
function questionPlan(question: string, passages: readonly Passage[]): Plan {
  const example = passages[0]?.label ?? 'report.pdf, page 3';
  const instruction = [
    'Answer the question from the document passages below only.',
    `Cite the passage of each statement by its heading in square brackets, like [${example}]. If the passages do not answer it, say so.`,
    '',
    `Question: ${question}`,
  ].join('\n');
  return { source: 'documents', subtasks: [{ id: 's1', instruction, kind: 'extract', dependsOn: [], difficulty: 2 }] };
}

/**
 * The best passages that fit in half of the window (the other half is the answer's), after the
 * instruction and the question (which the conductor adds again as the whole request); at least one.
 */
function fittingPassages(passages: readonly Passage[], contextTokens: number, instruction: string, question: string): Passage[] {
  let room = Math.floor(contextTokens / 2) - estimateTokens(instruction) - estimateTokens(question) - 32;
  const kept: Passage[] = [];
  for (const passage of passages) {
    const cost = estimateTokens(`Document "${passage.label}"`) + estimateTokens(chunkContent(passage.chunk)) + 2;
    if (kept.length > 0 && cost > room) break;
    kept.push(passage);
    room -= cost;
  }
  return kept;
}
