import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { createBaton, type Baton } from '../../core/app.js';
import { smallestAnsweringContext } from '../../core/documents/analysis/answering-context.js';
import { answerFromDocuments, type DocumentAnswer } from '../../core/documents/analysis/document-question.js';
import { summarizeDocuments, type DocumentSummary } from '../../core/documents/analysis/document-summary.js';
import type { AddedDocument } from '../../core/documents/conversation-documents.js';
import type { IndexingProgress } from '../../core/documents/index-document.js';
import type { ConductorResult } from '../../core/orchestration/conductor.js';
import { chooseModel } from '../../core/orchestration/model-choice.js';
import { BatonError } from '../../shared/errors.js';
import type { RunEvent } from '../../shared/events.js';
import { consentPrompterFor } from '../consent-prompt.js';
import type { AskOptions } from './ask.js';
import { formatDuration, formatUsd } from '../format.js';
import { describeForStderr } from '../run-event-lines.js';

export type AnalyzeMode = 'ask' | 'summarize' | 'compare';

/** `baton ask`'s options (a model, the answer's length, --json, a conversation to continue, consent), and what to do with the files. */
export interface AnalyzeOptions extends AskOptions {
  question?: string;
  mode?: AnalyzeMode;
}

/**
 * `baton analyze FILE... --question "..."`: indexes the files into a new conversation (progress
 * on stderr), answers the question from the passages retrieved for it, with citations, through
 * the conductor and the cloud boundary exactly as `baton ask` does (same consent choices). The
 * answer streams to stdout, then its sources; `--json` prints one object
 * `{answer, citations: [{document, page, text}], citationsFrom, ...}`. `--mode summarize`
 * summarizes the files by map-reduce, `--mode compare` summarizes each and compares them (a line
 * on stderr per part done; --question, if given, is what they attend to); `--json` then adds the
 * parts and their summaries.
 */
export async function analyzeCommand(files: string[], options: AnalyzeOptions): Promise<void> {
  const mode = options.mode ?? 'ask';
  if (files.length === 0) throw new BatonError('invalid-request', 'Name at least one file to analyze.');
  if (mode === 'compare' && files.length < 2) throw new BatonError('invalid-request', 'Compare mode needs at least two files.');
  const question = options.question?.trim() ?? '';
  if (mode === 'ask' && question.length === 0) throw new BatonError('invalid-request', 'Ask mode needs a question: add --question "...".');
  // Every file is read before anything starts, so a wrong path costs nothing.
  const contents = files.map((file) => ({ name: basename(file), bytes: readDocumentFile(file) }));

  const baton = createBaton({ consentPrompter: consentPrompterFor(options.consent ?? 'ask') });
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const named = await chooseModel(baton, { modelId: options.model, modelFile: options.modelFile, signal: controller.signal });
    const continued = options.conversation ? baton.database.conversations.get(options.conversation) : undefined;
    if (options.conversation && !continued) throw new BatonError('invalid-request', `There is no conversation "${options.conversation}".`);
    const conversation = continued ?? baton.database.conversations.create({ title: titleFor(question, contents.map((file) => file.name)) });
    const added: AddedDocument[] = [];
    try {
      for (const file of contents) added.push(await indexWithProgress(baton, conversation.id, file, controller.signal));
    } catch (error) {
      // A file that cannot be read leaves no half-made conversation behind (nor the files indexed before it).
      if (!continued) baton.database.conversations.delete(conversation.id);
      throw error;
    }

    const common = {
      conversationId: conversation.id,
      documentIds: added.map((entry) => entry.document.id),
      contextTokens: await smallestAnsweringContext(baton.modelPool, named?.model),
      ...(named ? { modelOverride: named.model, modelOverrideReason: named.reason } : {}),
      ...(options.maxTokens ? { maxTokens: options.maxTokens } : {}),
      signal: controller.signal,
      onEvent: (event: RunEvent) => {
        if (!options.json && event.type === 'answer-delta') process.stdout.write(event.text);
        const line = describeForStderr(event, options.json === true);
        if (line) process.stderr.write(`${line}\n`);
      },
    };
    let run: ConductorResult;
    if (mode === 'summarize' || mode === 'compare') {
      const summary = await summarizeDocuments(
        {
          ...common,
          mode,
          ...(question ? { focus: question } : {}),
          onPartDone: ({ done, total, label }) => process.stderr.write(`baton: summarized part ${done} of ${total} (${label})\n`),
        },
        { conductor: baton.conductor, index: baton.documents.index },
      );
      run = summary.run;
      if (options.json) process.stdout.write(`${JSON.stringify(summaryJson(summary, added))}\n`);
      else process.stdout.write('\n');
    } else {
      const result = await answerFromDocuments({ ...common, question }, { conductor: baton.conductor, index: baton.documents.index, retriever: baton.documents.retriever });
      run = result.run;
      if (result.retrieval.notice) process.stderr.write(`baton: ${result.retrieval.notice}\n`);
      if (options.json) process.stdout.write(`${JSON.stringify(answerJson(result, added))}\n`);
      else process.stdout.write(`\n\n${sourcesText(result)}`);
    }
    if (!options.json) {
      process.stderr.write(
        `\n— ${[run.modelId ?? 'no model', `${run.usage.inputTokens} in / ${run.usage.outputTokens} out tokens`, formatDuration(run.durationMs), formatUsd(run.costUsd)].join(' · ')}\n  (conversation ${run.conversationId})\n`,
      );
    }
    if (run.finishReason === 'aborted') process.exitCode = 130;
  } finally {
    process.off('SIGINT', onInterrupt);
    await baton.close();
  }
}

function readDocumentFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is a folder, not a file' : error instanceof Error ? error.message : String(error);
    throw new BatonError('invalid-request', `Cannot read "${file}": ${reason}.`, { cause: error });
  }
}

/** One line per file on stderr; on a terminal, the scan's progress per passage on that line. */
async function indexWithProgress(baton: Baton, conversationId: string, file: { name: string; bytes: Uint8Array }, signal: AbortSignal): Promise<AddedDocument> {
  const live = process.stderr.isTTY === true;
  process.stderr.write(`baton: indexing ${file.name}…${live ? '' : '\n'}`);
  const onProgress = (progress: IndexingProgress) => {
    if (live && progress.stage === 'scanned') process.stderr.write(`\rbaton: indexing ${file.name}: scanned ${progress.done} of ${progress.chunkCount} passages`);
  };
  const added = await baton.documents.add(conversationId, file, { signal, onProgress });
  const { document } = added;
  const pages = document.pageCount !== undefined ? `${document.pageCount} ${document.pageCount === 1 ? 'page' : 'pages'}, ` : '';
  const passages = `${document.chunkCount} ${document.chunkCount === 1 ? 'passage' : 'passages'}`;
  process.stderr.write(`${live ? '\r\x1b[K' : ''}baton: ${file.name}: ${pages}${passages}${added.reused ? ' (same content as a file already indexed: its index is reused)' : ''}\n`);
  return added;
}

function documentsJson(added: readonly AddedDocument[]) {
  return added.map(({ document, reused }) => ({
    id: document.id,
    name: document.name,
    pages: document.pageCount ?? null,
    passages: document.chunkCount,
    bytes: document.byteCount,
    reused,
  }));
}

function runJson(run: ConductorResult) {
  return {
    model: run.modelId,
    usage: run.usage,
    costUsd: run.costUsd,
    durationMs: run.durationMs,
    conversationId: run.conversationId,
    finishReason: run.finishReason,
  };
}

function answerJson(result: DocumentAnswer, added: readonly AddedDocument[]) {
  return {
    answer: result.answer,
    citations: result.citations,
    citationsFrom: result.citationsFrom,
    retrieval: result.retrieval,
    documents: documentsJson(added),
    ...runJson(result.run),
  };
}

/** A summary cites no passage: its parts say what was summarized where, each with the summary it got. */
function summaryJson(summary: DocumentSummary, added: readonly AddedDocument[]) {
  const results = new Map(summary.run.subtasks.map((subtask) => [subtask.id, subtask]));
  return {
    answer: summary.answer,
    citations: [],
    parts: summary.parts.map((part) => ({ document: part.document, place: part.place, passages: part.passageCount, summary: results.get(part.id)?.text ?? null, model: results.get(part.id)?.modelId ?? null })),
    documents: documentsJson(added),
    ...runJson(summary.run),
  };
}

function sourcesText(result: DocumentAnswer): string {
  const heading = result.citationsFrom === 'answer' ? 'Sources cited:' : 'The answer cites no passage; the passages it was given:';
  const lines = result.citations.map((citation, index) => {
    const where = citation.page !== null ? `, page ${citation.page}` : '';
    const excerpt = citation.text.replace(/\s+/g, ' ');
    return `[${index + 1}] ${citation.document}${where}: ${excerpt.length > 160 ? `${excerpt.slice(0, 157)}...` : excerpt}`;
  });
  return `${[heading, ...lines].join('\n')}\n`;
}

function titleFor(question: string, names: readonly string[]): string {
  const title = `${names.join(', ')}: ${question}`;
  return title.length > 60 ? `${title.slice(0, 57)}...` : title;
}
