/**
 * Summarize and compare modes: whole documents, however long, as map-reduce through the
 * conductor. Their passages, in order, are grouped into parts that fit the smallest context that
 * may answer; each part is a map subtask (independent, so they run at the same time within each
 * provider's limit), routed by the conductor by its own sensitivity like any other subtask and
 * sent through the cloud boundary when it goes to a cloud; reduce subtasks then combine results,
 * as many at a time as fit the context, in a tree whose last step writes the summary (compare:
 * a tree per document, then one step that compares their summaries). No step ever holds a whole
 * document, so none is refused for its size, and when sending is denied every step runs on this
 * device.
 */
import { BatonError } from '../../../shared/errors.js';
import type { Plan, PlannedSubtask } from '../../../shared/plan.js';
import type { ConductorRequest, ConductorResult } from '../../orchestration/conductor.js';
import { estimateTokens } from '../../orchestration/context-fitting.js';
import { chunkContent } from '../chunking/document-chunk.js';
import type { DocumentIndex, StoredChunk } from '../retrieval/document-index.js';
import { passagePlace } from './passage-labels.js';
import type { AnalysisRunOptions } from './analysis-run-options.js';

/** Summarize: one summary of all the documents. Compare: a summary of each, then a comparison of them. */
export type AnalysisMode = 'summarize' | 'compare';

export interface DocumentSummaryRequest extends AnalysisRunOptions {
  /** 'summarize' by default. */
  mode?: AnalysisMode;
  conversationId: string;
  documentIds: readonly string[];
  /** What the summary should attend to, when the person said. */
  focus?: string;
  /** The smallest context window, in tokens, of the models that may answer: parts are made to fit half of it. Without it, one passage a part. */
  contextTokens?: number;
  /** Told each time a part's summary is done. */
  onPartDone?: (progress: { done: number; total: number; label: string }) => void;
}

export interface SummaryPart {
  id: string;
  document: string;
  /** Which of the request's documents, from 0. */
  documentIndex: number;
  /** Where in the document the part is: "page 3", "pages 3-5", a section. */
  place: string;
  passageCount: number;
}

export interface DocumentSummary {
  answer: string;
  parts: SummaryPart[];
  run: ConductorResult;
}

export interface DocumentSummaryServices {
  conductor: { run(request: ConductorRequest): Promise<ConductorResult> };
  index: DocumentIndex;
}

/** Room in a part's prompt for the instruction, the person's request and the framing. */
const partOverheadTokens = 120;
/** What a part's summary of three sentences is expected to take, for how many one reduce step combines. */
const summaryTokens = 100;

/** How many results one reduce step combines: as many summaries as fit half the context, 2 to 8. */
function fanInFor(contextTokens: number | undefined): number {
  if (contextTokens === undefined) return 8;
  return Math.min(8, Math.max(2, Math.floor((contextTokens / 2 - partOverheadTokens) / summaryTokens)));
}

export async function summarizeDocuments(request: DocumentSummaryRequest, services: DocumentSummaryServices): Promise<DocumentSummary> {
  const names = request.documentIds.map((id) => services.index.document(id)?.name ?? id);
  const mode = request.mode ?? 'summarize';
  if (mode === 'compare' && request.documentIds.length < 2) throw new BatonError('invalid-request', 'Comparing needs at least two documents.');
  const groups = request.documentIds.flatMap((id, index) => partsOf(services.index.chunks(id), names[index]!, index, request.contextTokens));
  const parts: SummaryPart[] = groups.map((group, index) => ({
    id: `m${index + 1}`,
    document: group.document,
    documentIndex: group.documentIndex,
    place: placeOf(group.chunks),
    passageCount: group.chunks.length,
  }));
  const plan = summaryPlan(groups, parts, names, request.focus, fanInFor(request.contextTokens), mode);
  const partIds = new Set(parts.map((part) => part.id));
  let done = 0;

  const run = await services.conductor.run({
    conversationId: request.conversationId,
    text: analysisRequestText(names, request.focus, mode),
    plan,
    ...(request.modelOverride ? { modelOverride: request.modelOverride } : {}),
    ...(request.modelOverrideReason ? { modelOverrideReason: request.modelOverrideReason } : {}),
    ...(request.maxTokens ? { maxTokens: request.maxTokens } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
    onEvent: (event) => {
      if (event.type === 'subtask-finished' && partIds.has(event.subtaskId)) {
        done += 1;
        const part = parts.find((candidate) => candidate.id === event.subtaskId)!;
        request.onPartDone?.({ done, total: parts.length, label: `${part.document}, ${part.place}` });
      }
      request.onEvent?.(event);
    },
  });
  return { answer: run.answer, parts, run };
}

interface PartGroup {
  document: string;
  documentIndex: number;
  chunks: StoredChunk[];
}

/** Consecutive passages of one document, as many as fit half the context (at least one each). */
function partsOf(chunks: readonly StoredChunk[], document: string, documentIndex: number, contextTokens: number | undefined): PartGroup[] {
  const room = contextTokens === undefined ? 0 : Math.floor(contextTokens / 2) - partOverheadTokens;
  const groups: PartGroup[] = [];
  let current: StoredChunk[] = [];
  let used = 0;
  for (const chunk of chunks) {
    const cost = estimateTokens(chunkContent(chunk)) + 2;
    if (current.length > 0 && used + cost > room) {
      groups.push({ document, documentIndex, chunks: current });
      current = [];
      used = 0;
    }
    current.push(chunk);
    used += cost;
  }
  if (current.length > 0) groups.push({ document, documentIndex, chunks: current });
  return groups;
}

function placeOf(chunks: readonly StoredChunk[]): string {
  const pages = chunks.flatMap((chunk) => chunk.pages);
  if (pages.length > 0) {
    const first = Math.min(...pages);
    const last = Math.max(...pages);
    return first === last ? `page ${first}` : `pages ${first}-${last}`;
  }
  const first = passagePlace(chunks[0]!);
  return chunks.length === 1 ? first : `${first} and after`;
}

/** What the conversation keeps as the person's message. */
function analysisRequestText(names: readonly string[], focus: string | undefined, mode: AnalysisMode): string {
  const verb = mode === 'compare' ? 'Compare' : 'Summarize';
  const documents = names.map((name) => `"${name}"`).join(mode === 'compare' ? ' and ' : ', ');
  return focus ? `${verb} ${documents}, focusing on: ${focus}` : `${verb} ${documents}.`;
}

/**
 * A map subtask per part (its passages in its instruction, below a first line that names them),
 * then reduce steps. Summarize: one tree over every part, ending in 'reduce'. Compare: a tree per
 * document ending in its summary ('d1', 'd2', ...; a document of one part is its part's
 * summary), then 'compare' over those summaries.
 */
function summaryPlan(groups: readonly PartGroup[], parts: readonly SummaryPart[], names: readonly string[], focus: string | undefined, fanIn: number, mode: AnalysisMode): Plan {
  const attend = focus ? ` Attend to: ${focus}` : '';
  const keep = 'Keep names, figures and dates exactly as written';
  const maps: PlannedSubtask[] = groups.map((group, index) => ({
    id: parts[index]!.id,
    instruction: [
      `Summarize this part of "${group.document}" (${parts[index]!.place}) in at most three sentences.`,
      `${keep}.${attend}`,
      '',
      group.chunks.map(chunkContent).join('\n\n'),
    ].join('\n'),
    kind: 'summarize',
    dependsOn: [],
    difficulty: 1,
  }));
  const reduces: PlannedSubtask[] = [];
  const combine = (documents: string) => `Combine the summaries below, of consecutive parts of ${documents}, into one summary in the same order. ${keep}.${attend}`;
  const summarizeFrom = (documents: string) =>
    `Write one summary of ${documents} from the summaries of its parts below, which are in the document's order. ${keep}; do not mention the parts.${attend}`;
  if (mode === 'summarize') {
    const documents = names.map((name) => `"${name}"`).join(', ');
    reduceTree(
      maps.map((map) => map.id),
      fanIn,
      reduces,
      { intermediate: (depth, number) => `r${depth}.${number}`, last: 'reduce' },
      { intermediate: combine(documents), last: summarizeFrom(documents) },
    );
  } else {
    const roots = names.map((name, documentIndex) =>
      reduceTree(
        maps.filter((_, index) => parts[index]!.documentIndex === documentIndex).map((map) => map.id),
        fanIn,
        reduces,
        { intermediate: (depth, number) => `r${documentIndex + 1}.${depth}.${number}`, last: `d${documentIndex + 1}` },
        { intermediate: combine(`"${name}"`), last: summarizeFrom(`"${name}"`) },
      ),
    );
    reduces.push({
      id: 'compare',
      instruction: `Compare ${names.map((name) => `"${name}"`).join(' and ')} from their summaries below: what they have in common, where they differ, and anything one says that the others do not. ${keep}.${attend}`,
      kind: 'reasoning',
      dependsOn: roots,
      difficulty: 3,
    });
  }
  return {
    source: 'documents',
    notes: [`map-reduce (${mode}): ${maps.length} ${maps.length === 1 ? 'part' : 'parts'} summarized, combined in ${reduces.length} ${reduces.length === 1 ? 'step' : 'steps'}`],
    subtasks: [...maps, ...reduces],
  };
}

/**
 * Reduce steps over `inputs` (in order), each combining up to `fanIn` results, level by level
 * until one is left; the last step gets the id and instruction marked `last`. Returns the root's
 * id (the input itself when there is only one).
 */
function reduceTree(
  inputs: readonly string[],
  fanIn: number,
  steps: PlannedSubtask[],
  ids: { intermediate: (depth: number, number: number) => string; last: string },
  instructions: { intermediate: string; last: string },
): string {
  let level = [...inputs];
  for (let depth = 1; level.length > 1; depth += 1) {
    const next: string[] = [];
    const last = level.length <= fanIn;
    for (let start = 0; start < level.length; start += fanIn) {
      const group = level.slice(start, start + fanIn);
      if (group.length === 1) {
        next.push(group[0]!);
        continue;
      }
      const id = last ? ids.last : ids.intermediate(depth, next.length + 1);
      steps.push({ id, instruction: last ? instructions.last : instructions.intermediate, kind: 'summarize', dependsOn: group, difficulty: 2 });
      next.push(id);
    }
    level = next;
  }
  return level[0]!;
}
